// The dashboard in a real headless Chromium (Debian's, driven by playwright-core) against the Node
// flavour: a tiny generated model, the in-process runner, a real socket. One walk through the
// product (key → upload → LoRA job with live curves → publish → playground), then a keyboard-only
// pass over the navigation and the job form. Every step asserts on what the page shows; every
// request the page makes must stay on the app's origin. Screenshots land in __screenshots__/
// (EDGETUNE_UPDATE_DOCS=1 also refreshes docs/dashboard-run.png, the README's picture).
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DOCS_SHOT, SHOTS, pageHelpers, skip, startDashboard, until, type Dashboard } from './browser-support.ts';

let dash: Dashboard;
let node: Dashboard['node'];
let page: Page;
let origin: string;
let requests: string[];
let problems: string[];
let shot: (name: string) => Promise<Buffer>;
let text: (selector: string) => Promise<string>;
let inPage: <T>(expression: string) => Promise<T>;
let has: (selector: string, pattern: RegExp) => () => Promise<boolean>;

const DATASET = (() => {
  const lines: string[] = [];
  for (const c of ['red', 'green', 'blue']) for (let i = 1; i <= 8; i++) lines.push(JSON.stringify({ prompt: `The ${c} ball number ${i} is`, completion: ` ${c}.` }));
  lines.push(lines[0]!, JSON.stringify({ prompt: '', completion: '' })); // one duplicate and one empty record for the report
  return `${lines.join('\n')}\n`;
})();

const points = async () => Number((await page.locator('[data-testid="loss-chart"]').getAttribute('data-train-points', { timeout: 1000 })) ?? 0);
const outline = () => inPage<string>('getComputedStyle(document.activeElement).outlineStyle');

before(async () => {
  if (skip) return;
  // a short lease makes the in-process runner heartbeat (and so report metrics) every 1.5 s
  dash = await startDashboard({ leaseTtlMs: 4500 });
  ({ node, page, origin, requests, problems } = dash);
  ({ shot, text, inPage, has } = pageHelpers(page));
});

after(async () => {
  await dash?.stop();
});

test('the page answers with a same-origin Content-Security-Policy and asks for a key', { skip }, async () => {
  const res = await page.goto(`${node.url}/`);
  assert.equal(res?.status(), 200);
  const csp = res!.headers()['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /connect-src 'self'/);
  await page.getByLabel('API key', { exact: true }).waitFor();
  assert.equal(await text('h1'), 'Connect to edgetune');
  await shot('01-connect');
});

test('paste the admin key', { skip }, async () => {
  await page.getByLabel('API key', { exact: true }).fill(node.adminKey!);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();
  assert.equal(await page.locator('.nav a[aria-current="page"]').innerText(), 'Datasets');
  assert.match(await text('#session'), /Key et_/);
});

test('1. upload a dataset: progress, the cleaning report and a preview', { skip }, async () => {
  await page.getByLabel('File (JSONL or CSV)', { exact: true }).setInputFiles({ name: 'colors.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(DATASET) });
  await page.getByLabel('Name', { exact: true }).fill('colors');
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await page.locator('[data-testid="dataset-report"]').waitFor({ timeout: 15_000 });
  assert.match(await text('[data-testid="upload-status"]'), /Uploaded 100%/);
  assert.equal(await page.locator('progress[aria-label="Upload progress"]').getAttribute('value'), '100');
  // the report: 26 read, 24 kept, one duplicate and one empty record dropped (with examples)
  assert.equal(await text('[data-testid="records-kept"]'), '24');
  assert.equal(await text('[data-testid="records-dropped"]'), '2');
  const dropped = await text('[data-testid="dropped-table"]');
  assert.match(dropped, /exact duplicate/);
  assert.match(dropped, /empty/);
  // the preview shows the cleaned records
  const preview = page.locator('[data-testid="preview-table"]');
  assert.deepEqual(await preview.locator('th').allInnerTexts(), ['prompt', 'completion']);
  assert.equal(await preview.locator('tbody tr').count(), 5);
  assert.match(await preview.locator('tbody tr').first().innerText(), /The red ball number 1 is\s+red\./);
  // and the list has it
  assert.match(await text('[data-testid="datasets-table"]'), /colors/);
  await shot('02-dataset-uploaded');
});

test('2-3. start a LoRA job from the form and watch the loss curve gain points', { skip }, async () => {
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
  const form = page.locator('[data-testid="job-form"]');
  await form.waitFor();
  // the method picker and its fields come from GET /v1/methods (the plugin's config schema)
  assert.equal(await page.getByLabel('Method', { exact: true }).inputValue(), 'lora');
  const methodFields = page.locator('[data-testid="method-config"]');
  assert.match(await methodFields.locator('legend').innerText(), /lora/);
  assert.equal(await methodFields.getByLabel('r', { exact: true }).inputValue(), '8');
  assert.ok(await methodFields.getByLabel('use_rslora', { exact: true }).isVisible());
  // picking another method swaps the fields for that plugin's, and back
  await page.getByLabel('Method', { exact: true }).selectOption('prompt-tuning');
  assert.ok(await methodFields.getByLabel('num_virtual_tokens', { exact: true }).isVisible());
  await page.getByLabel('Method', { exact: true }).selectOption('lora');
  await methodFields.getByLabel('r', { exact: true }).fill('8');
  await methodFields.getByLabel('lora_alpha', { exact: true }).fill('16');
  await form.getByLabel('Adapter name (suffix)', { exact: true }).fill('colors');
  // enough steps that training spans several heartbeats (one metrics event each)
  await form.getByLabel('steps', { exact: true }).fill('400');
  await form.getByLabel('batch_size', { exact: true }).fill('4');
  await form.getByLabel('learning_rate', { exact: true }).fill('0.01');
  await form.getByLabel('seq_len', { exact: true }).fill('32');
  await form.getByLabel('seed', { exact: true }).fill('1');
  await shot('03-job-form');
  await page.getByRole('button', { name: 'Start training' }).click();

  await page.waitForURL(/#\/jobs\/ftjob_/);
  const jobId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
  await page.getByRole('heading', { level: 1, name: `Job ${jobId}` }).waitFor();
  // the curve: at least one point while the job runs, then more
  await until('the first metrics point', async () => (await points()) >= 1, 60_000);
  const first = await points();
  await shot('04-job-running');
  await until('the curve to gain points', async () => (await points()) > first, 60_000);
  const later = await points();
  assert.ok(later > first, `points grew from ${first} to ${later}`);
  assert.equal(await page.locator('[data-testid="loss-chart"] circle.pt.train').count(), later, 'one marker per point');
  // finished: status, adapter, checkpoints, events
  await until('the job to succeed', has('[data-testid="job-status"]', /^succeeded$/), 60_000);
  await until('the stream to end', async () => (await page.locator('[data-finished="true"]').count()) === 1, 15_000);
  assert.equal(await text('[data-testid="job-adapter"]'), 'colors@1');
  assert.match(await text('[data-testid="checkpoints-table"]'), /ckpt-step-400/);
  const events = await page.locator('[data-testid="events-list"] li').allInnerTexts();
  assert.ok(events.some((e) => /Step \d+\/400: train_loss=/.test(e)), 'metrics events are listed');
  assert.ok(events.some((e) => /Job succeeded: published colors@1/.test(e)));
  const final = await points();
  assert.ok(final >= later);
  const legend = await text('[data-testid="legend-train"]');
  assert.match(legend, new RegExp(`train loss · ${final} points`));
  // the loss went down on this easy data: last point below the first
  const values = await page.locator('[data-testid="loss-chart"] circle.pt.train').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-value'))));
  assert.ok(values.at(-1)! < values[0]!, `loss fell: ${values[0]} → ${values.at(-1)}`);
  await shot('05-job-finished');
  const curves = page.locator('[data-testid="curves-card"]');
  await curves.screenshot({ path: join(SHOTS, 'run-curves.png') });
  if (process.env.EDGETUNE_UPDATE_DOCS === '1') copyFileSync(join(SHOTS, 'run-curves.png'), DOCS_SHOT);
});

test('4. publish the adapter: point the alias prod at version 1', { skip }, async () => {
  await page.getByRole('link', { name: 'Adapters', exact: true }).click();
  await page.locator('[data-testid="adapters-table"]').waitFor();
  assert.match(await text('[data-testid="adapters-table"]'), /colors\s+tiny\s+1/);
  await page.getByRole('link', { name: 'colors', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'colors' }).waitFor();
  const versions = page.locator('[data-testid="versions-table"]');
  await versions.waitFor();
  assert.match(await versions.innerText(), /v1\s+lora · r 8/);
  // evaluation metrics of the job behind the version
  await until('version metrics', has('[data-testid="version-metrics"]', /train loss/));
  assert.equal(await page.getByTestId('alias-name').inputValue(), 'prod');
  await page.getByTestId('alias-version').selectOption('1');
  await page.getByTestId('publish').click();
  await until('the prod alias', has('[data-testid="aliases-table"]', /colors@prod/));
  assert.equal(await versions.locator('[data-alias="prod"]').innerText(), 'prod');
  assert.equal(await page.locator('[data-testid="aliases-table"] select[aria-label="Version for alias prod"]').inputValue(), '1');
  await shot('06-adapter-published');
});

test('5. a streamed completion in the playground, base and adapter side by side', { skip }, async () => {
  await page.getByRole('link', { name: 'Playground', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Playground' }).waitFor();
  await page.getByTestId('pg-run').waitFor();
  assert.equal(await page.getByTestId('pg-base').inputValue(), 'tiny');
  const box = page.locator('input[data-adapter="colors"]');
  if (!(await box.isChecked())) await box.check();
  await page.getByLabel('Version of colors', { exact: true }).selectOption('colors@prod');
  assert.match(await text('[data-testid="adapter-info"]'), /colors@prod: lora, rank 8 \(v1\)/);
  await page.getByTestId('pg-prompt').fill('The red ball number 3 is');
  await page.getByTestId('pg-run').click();
  const base = page.getByTestId('pane-base');
  const adapter = page.getByTestId('pane-adapter');
  await until('both panes to finish', async () => (await page.locator('.pane[data-done="true"]').count()) === 2, 60_000);
  assert.equal(await base.getAttribute('data-model'), 'tiny');
  assert.equal(await adapter.getAttribute('data-model'), 'tiny:colors@prod');
  assert.ok((await base.getByTestId('pane-text').innerText()).length > 0, 'the base pane streamed text');
  assert.ok((await adapter.getByTestId('pane-text').innerText()).length > 0, 'the adapter pane streamed text');
  // x-edgetune-adapter: which version served each pane
  assert.equal(await base.locator('.pane-head .badge').innerText(), 'base');
  assert.equal(await adapter.locator('.pane-head .badge').innerText(), 'colors@1');
  assert.match(await adapter.locator('.pane-foot').innerText(), /chunks/);
  await shot('07-playground');
});

test('webhooks: recipes and subscriptions render', { skip }, async () => {
  await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  await page.getByLabel('Endpoint URL', { exact: true }).fill('https://example.com/edgetune-hook');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await page.locator('[data-testid="subscriptions-table"]').waitFor();
  assert.match(await text('[data-testid="subscriptions-table"]'), /example\.com\/edgetune-hook/);
  assert.match(await text('[data-testid="subscriptions-card"]'), /whsec_|Signing secret/);
  await page.getByRole('button', { name: 'Delivery log' }).click();
  await page.locator('[data-testid="deliveries-table"], .card p.empty').first().waitFor();
  await shot('08-webhooks');
});

test('keyboard only: the navigation and the job form work with Tab and Enter', { skip }, async () => {
  await page.goto(`${node.url}/#/datasets`);
  await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();
  /** Presses Tab until the focused element matches the selector (and has this text); returns the presses. */
  const tabTo = async (what: string, selector: string, label?: string, max = 80): Promise<number> => {
    for (let i = 1; i <= max; i++) {
      await page.keyboard.press('Tab');
      const hit = await inPage<boolean>(`(() => { const el = document.activeElement; return !!el && el.matches(${JSON.stringify(selector)}) && (${JSON.stringify(label ?? null)} === null || el.textContent === ${JSON.stringify(label ?? null)}); })()`);
      if (hit) return i;
    }
    throw new Error(`Tab never reached ${what}`);
  };
  await page.locator('body').focus();
  await tabTo('the Jobs link', '.nav a', 'Jobs');
  // focus is visible on the link
  assert.notEqual(await outline(), 'none');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
  assert.match(page.url(), /#\/jobs$/);
  assert.equal(await inPage('document.activeElement.id'), 'page-title', 'navigating moves focus to the new page');
  await page.locator('[data-testid="job-form"] select[name="method"]').waitFor();
  // fill the form by tabbing through it (the defaults pick the dataset, the model and LoRA)
  await tabTo('the adapter name', '[name="suffix"]');
  await page.keyboard.type('keyboard');
  await tabTo('the r field', '#cfg-lora-r');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2');
  await tabTo('steps', '[name="steps"]');
  await page.keyboard.type('2000');
  await tabTo('the submit button', 'button[type="submit"]', 'Start training');
  assert.notEqual(await outline(), 'none');
  await shot('09-keyboard-form');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/jobs\/ftjob_/);
  await page.getByRole('heading', { level: 1, name: /^Job ftjob_/ }).waitFor();
  assert.match(await text('[data-testid="curves-card"]'), /Loss curves/);
  const config = await page.locator('.kv').last().innerText();
  assert.match(config, /"r":2/);
  assert.match(config, /"steps":2000/);
  // and cancel it, still by keyboard
  await page.getByRole('button', { name: 'Cancel job' }).waitFor();
  await tabTo('the cancel button', 'button', 'Cancel job');
  await page.keyboard.press('Enter');
  await until('the job to be cancelled', has('[data-testid="job-status"]', /^cancelled$/));
  await shot('10-keyboard-cancelled');
});

test('every request the page made went to the app itself, with no errors on the page', { skip }, () => {
  assert.ok(requests.length > 20, `${requests.length} requests recorded`);
  const foreign = requests.filter((u) => new URL(u).origin !== origin);
  assert.deepEqual(foreign, [], 'requests beyond the app origin');
  assert.deepEqual(problems, [], 'console errors, CSP violations or uncaught exceptions');
});
