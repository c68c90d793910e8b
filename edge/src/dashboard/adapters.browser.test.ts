// The adapter page in a real headless Chromium (set-up shared with dashboard.browser.test.ts): two
// uploaded versions, then in the page an A/B split edited and saved (the share shown as it is
// typed), removed again, a version deleted and the whole adapter deleted, each checked against the API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { adapterForm, loraFiles } from '../test-support/adapters.ts';
import { pageHelpers, skip, startDashboard, until, type Dashboard } from './browser-support.ts';

let dash: Dashboard;
let page: Page;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let api: (path: string, init?: RequestInit) => Promise<{ status: number; body: any }>;

// the dashboard's tiny model is 128 wide with 2 layers: LoRA on both c_attn
const MODULES: Record<string, [number, number]> = { 'transformer.h.0.attn.c_attn': [128, 384], 'transformer.h.1.attn.c_attn': [128, 384] };

before(async () => {
  if (skip) return;
  dash = await startDashboard({ prefix: 'edgetune-adapters-' });
  page = dash.page;
  api = async (path, init = {}) => {
    const res = await fetch(`${dash.node.url}${path}`, { ...init, headers: { authorization: `Bearer ${dash.node.adminKey}`, ...(init.headers ?? {}) } });
    return { status: res.status, body: await res.json() };
  };
  for (const seed of [1, 2]) {
    const up = await api('/v1/adapters', { method: 'POST', body: adapterForm({ name: 'ab', base_model: 'tiny' }, loraFiles({ modules: MODULES, seed })) });
    assert.equal(up.status, 201, JSON.stringify(up.body));
  }
});

after(async () => {
  await dash?.stop();
});

test('A/B split edited, refused and removed through the page', { skip }, async () => {
  const { shot, text } = pageHelpers(page);
  await page.goto(`${dash.node.url}/`);
  await page.getByLabel('API key', { exact: true }).fill(dash.node.adminKey!);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();
  await page.goto(`${dash.node.url}/#/adapters/ab`);
  const traffic = page.getByTestId('traffic-card');
  await traffic.waitFor();
  assert.match(await traffic.innerText(), /none: the bare name serves the latest version/);

  // two routes, 3:1 between v1 and v2; the share follows the typing
  await traffic.getByRole('button', { name: 'Add route' }).click();
  await traffic.getByRole('button', { name: 'Add route' }).click();
  const targets = traffic.getByLabel('Target');
  const weights = traffic.getByLabel('Weight');
  await targets.nth(0).selectOption('1');
  await weights.nth(0).fill('3');
  await targets.nth(1).selectOption('2');
  await weights.nth(1).fill('1');
  await until('the share line', async () => /Share: v1 75% · v2 25%/.test(await traffic.innerText()));
  await traffic.getByRole('button', { name: 'Save split' }).click();
  await until('the split saved', async () => JSON.stringify((await api('/v1/adapters/ab')).body.traffic) === JSON.stringify([{ target: '1', weight: 3 }, { target: '2', weight: 1 }]));
  await until('the card to show it', async () => /v1 75% · v2 25%/.test(await text('[data-testid="traffic-card"]')));
  await shot('adapter-split');

  // a weight the API refuses: the error is shown and nothing changes
  await weights.nth(0).fill('-1');
  await traffic.getByRole('button', { name: 'Save split' }).click();
  await until('the refusal', async () => (await traffic.locator('.notice, [role="alert"]').count()) > 0);
  assert.deepEqual((await api('/v1/adapters/ab')).body.traffic, [{ target: '1', weight: 3 }, { target: '2', weight: 1 }]);

  await traffic.getByRole('button', { name: 'Remove split' }).click();
  await until('the split removed', async () => (await api('/v1/adapters/ab')).body.traffic === null);
});

test('drift: monitor an alias from the page, then run its report; the page shows what the API reports', { skip }, async () => {
  const { shot } = pageHelpers(page);
  const rows = ['the cat sat', 'a dog ran', 'the bird sang', 'a fish swam'].map((prompt) => JSON.stringify({ prompt, completion: ' ok' })).join('\n');
  const ds = await api('/v1/datasets?name=eval-set', { method: 'POST', headers: { 'content-type': 'application/jsonl' }, body: rows });
  assert.equal(ds.status, 201, JSON.stringify(ds.body));
  assert.equal((await api('/v1/adapters/ab/aliases/prod', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: 2 }) })).status, 200);
  await page.goto(`${dash.node.url}/#/adapters`);
  await page.goto(`${dash.node.url}/#/adapters/ab`);
  const drift = page.getByTestId('drift-card');
  await until('the drift card', async () => /not monitored/.test(await drift.innerText()));

  await drift.getByTestId('monitor-alias').selectOption('prod');
  await drift.getByTestId('monitor-dataset').selectOption(ds.body.id);
  await drift.getByTestId('monitor-rate').fill('1');
  await drift.getByTestId('monitor-every').fill('5');
  await drift.getByTestId('monitor-save').click();
  await until('the monitor saved', async () => (await api('/v1/adapters/ab/aliases/prod/monitor')).status === 200);
  const monitor = (await api('/v1/adapters/ab/aliases/prod/monitor')).body;
  assert.deepEqual([monitor.eval_dataset, monitor.sample_rate, monitor.check_every_s, monitor.drifting], [ds.body.id, 1, 300, false]);
  await until('the table to show it', async () => /every 5 min/.test(await drift.getByTestId('monitors-table').innerText()));

  // sampled traffic (rate 1), then the report from the page
  for (const content of ['the cat ran', 'a bird sat']) {
    const res = await api('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'ab@prod', messages: [{ role: 'user', content }], max_tokens: 2 }) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  await drift.getByRole('button', { name: 'Run drift report for prod' }).click();
  const report = drift.getByTestId('drift-report');
  await report.waitFor();
  const shown = Number(await report.locator('[data-metric="perplexity_ratio"]').innerText());
  const api_ = (await api('/v1/adapters/ab/aliases/prod/drift')).body; // the same samples and weights: the same numbers
  assert.ok(Math.abs(shown - api_.perplexity.ratio) <= 1e-3 * api_.perplexity.ratio, `page ${shown} vs API ${api_.perplexity.ratio}`);
  assert.equal(await report.getAttribute('data-drifting'), String(api_.drifting));
  assert.match(await report.innerText(), /2 sampled requests against 4 evaluation records/);
  await until('the last check in the table', async () => (await api('/v1/adapters/ab/aliases/prod/monitor')).body.last_checked_at !== null
    && !/\|\s*$/.test(await drift.getByTestId('monitors-table').innerText()));
  await shot('adapter-drift');

  // editing from the page starts from the monitor's settings and keeps what the form does not show
  const put = await api('/v1/adapters/ab/aliases/prod/monitor', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ eval_dataset: ds.body.id, sample_rate: 1, thresholds: { perplexityRatio: 2 }, check_every_s: 300, check_window: 7 }) });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  await page.goto(`${dash.node.url}/#/adapters`);
  await page.goto(`${dash.node.url}/#/adapters/ab`);
  await until('the form prefilled', async () => (await drift.getByTestId('monitor-every').inputValue()) === '5' && (await drift.getByTestId('monitor-rate').inputValue()) === '1');
  await drift.getByTestId('monitor-rate').fill('0.5');
  await drift.getByTestId('monitor-save').click();
  await until('the new rate saved', async () => (await api('/v1/adapters/ab/aliases/prod/monitor')).body.sample_rate === 0.5);
  const edited = (await api('/v1/adapters/ab/aliases/prod/monitor')).body;
  assert.deepEqual([edited.thresholds, edited.check_window, edited.check_every_s], [{ perplexityRatio: 2 }, 7, 300]);
});

test('deletes, each asking once more: a version, then the adapter', { skip }, async () => {
  assert.equal((await api('/v1/adapters/ab/aliases/prod', { method: 'DELETE' })).status, 200); // an alias holds its version
  await page.goto(`${dash.node.url}/#/adapters`);
  await page.goto(`${dash.node.url}/#/adapters/ab`);
  await page.getByTestId('versions-table').waitFor();
  // deletes ask once more before they act
  const deleteV1 = page.getByRole('button', { name: 'Delete version 1' });
  await deleteV1.click();
  assert.equal((await api('/v1/adapters/ab')).body.versions.length, 2, 'one click only arms the button');
  await deleteV1.click();
  await until('v1 deleted', async () => JSON.stringify((await api('/v1/adapters/ab')).body.versions.map((v: { version: number }) => v.version)) === '[2]');
  await until('the table to lose v1', async () => (await page.getByTestId('versions-table').innerText()).includes('v2') && !(await page.getByTestId('versions-table').innerText()).includes('v1'));

  const deleteAll = page.getByTestId('delete-adapter');
  await deleteAll.click();
  await deleteAll.click();
  await page.waitForURL(/#\/adapters$/);
  await until('the adapter gone', async () => (await api('/v1/adapters/ab')).status === 404);
});

test('the adapter page made only same-origin requests, with no errors on the page', { skip }, () => {
  const foreign = dash.requests.filter((u) => new URL(u).origin !== dash.origin);
  assert.deepEqual(foreign, [], 'requests beyond the app origin');
  // the refused split is an expected 4xx; anything else is a problem
  assert.deepEqual(dash.problems.filter((p) => !/status of 4\d\d/.test(p)), [], 'console errors, CSP violations or uncaught exceptions');
});
