// The Compare view in a real headless Chromium (set-up shared with dashboard.browser.test.ts): two
// short LoRA runs created through the API with different learning rates, then, in the page, both
// ticked in the Jobs list (one by mouse, one by keyboard) and compared. The chart must hold one
// train series per run with as many points as the run's metrics series from
// GET /v1/fine_tuning/jobs/:id/metrics, a legend entry per run, and a table with one column per run
// whose values are the API's final metrics. Screenshot: __screenshots__/compare.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { pageHelpers, skip, startDashboard, until, type Dashboard } from './browser-support.ts';

let dash: Dashboard;
let page: Page;
let api: (path: string, init?: RequestInit) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DATASET = ['red', 'green', 'blue'].flatMap((c) => Array.from({ length: 8 }, (_, i) => JSON.stringify({ prompt: `The ${c} ball number ${i + 1} is`, completion: ` ${c}.` }))).join('\n') + '\n';
const VALIDATION = /^(valid|validation|val|eval)[._]?loss$/;

interface Run { id: string; suffix: string; lr: number; metrics: { series: Record<string, { step: number | null; value: number }[]>; final: Record<string, number> | null } }
const runs: Run[] = [];

before(async () => {
  if (skip) return;
  // a 2.4 s lease: the in-process runner heartbeats, and so reports a metrics point, every 0.8 s
  dash = await startDashboard({ leaseTtlMs: 2400, prefix: 'edgetune-compare-' });
  page = dash.page;
  api = async (path, init = {}) => {
    const res = await fetch(`${dash.node.url}${path}`, { ...init, headers: { authorization: `Bearer ${dash.node.adminKey}`, ...(init.headers ?? {}) } });
    const body = await res.json();
    assert.ok(res.ok, `${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
});

after(async () => {
  await dash?.stop();
});

test('two LoRA runs with different learning rates, created through the API', { skip }, async () => {
  const ds = await api('/v1/datasets?name=colors', { method: 'POST', headers: { 'content-type': 'application/jsonl' }, body: DATASET });
  for (const [suffix, lr, validation] of [['cmp-slow', 0.002, false], ['cmp-fast', 0.02, true]] as const) {
    const job = await api('/v1/fine_tuning/jobs', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'tiny', training_file: ds.id, ...(validation ? { validation_file: ds.id } : {}), suffix, seed: 1,
        method: { type: 'lora', config: { r: 4, lora_alpha: 8 } }, hyperparameters: { steps: 60, batch_size: 4, learning_rate: lr, seq_len: 32 },
      }),
    });
    runs.push({ id: job.id, suffix, lr, metrics: { series: {}, final: null } });
  }
  for (const r of runs) {
    await until(`${r.id} to succeed`, async () => {
      const j = await api(`/v1/fine_tuning/jobs/${r.id}`);
      if (j.status === 'failed' || j.status === 'cancelled') throw new Error(`${r.id} ${j.status}: ${JSON.stringify(j.error)}`);
      return j.status === 'succeeded';
    }, 120_000);
    r.metrics = await api(`/v1/fine_tuning/jobs/${r.id}/metrics`);
    assert.ok((r.metrics.series.train_loss ?? []).length >= 1, `${r.id} reported train_loss points`);
    assert.ok(r.metrics.final && typeof r.metrics.final.train_loss === 'number', `${r.id} has a final train_loss`);
  }
});

test('pick both runs in the Jobs list and open Compare: curves overlaid, legend, final metrics per run', { skip }, async () => {
  const { shot, inPage, text } = pageHelpers(page);
  await page.goto(`${dash.node.url}/`);
  await page.getByLabel('API key', { exact: true }).fill(dash.node.adminKey!);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  await page.locator('[data-testid="jobs-table"]').waitFor();
  const compare = page.getByTestId('compare-button');
  assert.ok(await compare.isDisabled(), 'Compare needs two runs');
  const [a, b] = runs as [Run, Run];
  // one box by mouse, the other by keyboard (focus, then Space)
  await page.locator(`input[data-compare="${a.id}"]`).check();
  assert.ok(await compare.isDisabled(), 'still one run short');
  await page.locator(`input[data-compare="${b.id}"]`).focus();
  await page.keyboard.press('Space');
  assert.ok(await page.locator(`input[data-compare="${b.id}"]`).isChecked());
  assert.match(await text('[data-testid="compare-count"]'), /2 selected/);
  assert.ok(await compare.isEnabled());
  await compare.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/compare\//);
  assert.deepEqual(decodeURIComponent(new URL(page.url()).hash).replace('#/compare/', '').split(','), [a.id, b.id]);
  await page.getByRole('heading', { level: 1, name: 'Compare runs' }).waitFor();
  assert.equal(await inPage('document.activeElement.id'), 'page-title');
  await until('the compare chart and table', async () => (await page.locator('[data-testid="compare-curves"] [data-finished="true"]').count()) === 1
    && (await page.locator('[data-testid="compare-table"]').count()) === 1);

  const chart = page.locator('[data-testid="compare-curves"] [data-testid="loss-chart"]');
  for (const r of runs) {
    // train: one series per run, as many points (and markers) as the API's series
    const train = chart.locator(`g[data-run="${r.id}"][data-series$="-train"]`);
    assert.equal(await train.count(), 1, `one train series for ${r.id}`);
    const n = r.metrics.series.train_loss!.length;
    assert.equal(await train.getAttribute('data-points'), String(n), `${r.id}: ${n} train points`);
    assert.equal(await train.locator('circle.pt').count(), n);
    const values = await train.locator('circle.pt').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-value'))));
    assert.deepEqual(values, r.metrics.series.train_loss!.map((p) => p.value));
    // validation: drawn exactly when the API has such a series
    const vkey = Object.keys(r.metrics.series).find((k) => VALIDATION.test(k));
    const valid = chart.locator(`g[data-run="${r.id}"][data-series$="-validation"]`);
    assert.equal(await valid.count(), vkey ? 1 : 0, `validation series for ${r.id}`);
    if (vkey) assert.equal(await valid.getAttribute('data-points'), String(r.metrics.series[vkey]!.length));
  }
  // the two runs' train lines have different colours
  const colours = await chart.locator('g[data-series$="-train"] polyline').evaluateAll((ls) => ls.map((l) => (globalThis as unknown as { getComputedStyle(e: unknown): { stroke: string } }).getComputedStyle(l).stroke));
  assert.equal(new Set(colours).size, 2, `distinct colours: ${colours.join(', ')}`);
  // a legend entry per run, naming the adapter and the job id
  const legend = page.locator('[data-testid="compare-curves"] [data-testid="legend-run"]');
  assert.equal(await legend.count(), 2);
  for (const [i, r] of runs.entries()) {
    assert.equal(await legend.nth(i).getAttribute('data-run'), r.id);
    const t = await legend.nth(i).innerText();
    assert.ok(t.includes(r.id) && t.includes(r.suffix), `legend names ${r.suffix} and ${r.id}: ${t}`);
  }
  // the table: one column per run, in order, with the API's final metrics and the learning rates
  const table = page.locator('[data-testid="compare-table"]');
  assert.deepEqual(await table.locator('thead th[data-run]').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-run'))), [a.id, b.id]);
  for (const r of runs) {
    for (const [k, v] of Object.entries(r.metrics.final!)) {
      assert.equal(await table.locator(`td[data-run="${r.id}"][data-metric="${k}"]`).getAttribute('data-value'), String(v), `${r.id} ${k}`);
    }
    assert.equal(await table.locator(`td[data-run="${r.id}"][data-metric="learning_rate"]`).getAttribute('data-value'), String(r.lr));
    assert.equal(await table.locator(`td[data-run="${r.id}"][data-metric="method"]`).innerText(), 'lora');
    assert.equal(await table.locator(`td[data-run="${r.id}"][data-metric="rank"]`).innerText(), '4');
    assert.equal(await table.locator(`td[data-run="${r.id}"][data-metric="steps"]`).innerText(), '60');
  }
  for (const label of ['train loss', 'first loss']) assert.equal(await table.locator('tbody th[scope="row"]', { hasText: label }).count() >= 1, true, `a ${label} row`);
  await inPage('document.activeElement.blur()'); // no focus ring on the picture
  await shot('compare');
});

test('the Compare page made only same-origin requests, with no errors on the page', { skip }, () => {
  const foreign = dash.requests.filter((u) => new URL(u).origin !== dash.origin);
  assert.deepEqual(foreign, [], 'requests beyond the app origin');
  assert.deepEqual(dash.problems, [], 'console errors, CSP violations or uncaught exceptions');
});
