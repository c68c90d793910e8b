// Shared set-up for the dashboard's browser tests (not a test file itself): a Node flavour on a
// tiny generated model, Debian's Chromium through playwright-core, a page that records every
// request and every console error, and helpers that wait on page state with deadlines.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeTinyRandomModel } from '@edgetune/core/weights/tiny-random.ts';
import { startNode } from '../node.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const SHOTS = join(here, '__screenshots__');
export const DOCS_SHOT = join(here, '..', '..', '..', 'docs', 'dashboard-run.png');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;

export interface Dashboard {
  node: Awaited<ReturnType<typeof startNode>>;
  browser: Browser;
  page: Page;
  origin: string;
  /** Every URL the page requested. */
  requests: string[];
  /** Console errors, CSP violations and uncaught exceptions. */
  problems: string[];
  stop(): Promise<void>;
}

/** Starts the app on a tiny model (lease `leaseTtlMs`: the in-process runner heartbeats, and so reports metrics, every third of it) and a browser page. */
export async function startDashboard(opts: { leaseTtlMs?: number; prefix?: string } = {}): Promise<Dashboard> {
  mkdirSync(SHOTS, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), opts.prefix ?? 'edgetune-dashboard-'));
  const model = join(tmp, 'model');
  // big enough that the early drop of the loss spans a few heartbeats, small enough to train in seconds
  writeTinyRandomModel(model, { arch: 'gpt2', vocabSize: 300, hidden: 128, layers: 2, heads: 4, maxPositions: 64 });
  const env = { EDGETUNE_DATA_DIR: join(tmp, 'data'), PORT: '0', HOST: '127.0.0.1', EDGETUNE_BASE_MODEL: `tiny=${model}`, EDGETUNE_LEASE_TTL_MS: String(opts.leaseTtlMs ?? 4500) };
  const node = await startNode(env, () => {});
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return {
    node, browser, page, origin: new URL(node.url).origin, requests, problems,
    async stop() {
      await browser.close();
      await node.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Polls `check` (page state, read through locators) until it holds or the deadline passes. */
export async function until(what: string, check: () => Promise<boolean>, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Page helpers: screenshots, text, in-page expressions (strings: the tests' tsconfig has no DOM types). */
export function pageHelpers(page: Page) {
  return {
    shot: (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }),
    text: (selector: string) => page.locator(selector).first().innerText(),
    inPage: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    has: (selector: string, pattern: RegExp) => async () => pattern.test((await page.locator(selector).first().textContent()) ?? ''),
  };
}
