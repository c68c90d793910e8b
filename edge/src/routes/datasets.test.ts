import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorOf, harness, type Harness } from '../test-support/harness.ts';

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const COMPLETIONS = [
  { prompt: 'hi', completion: ' there' },
  { prompt: 'one', completion: ' two' },
  { prompt: 'hi', completion: ' there' }, // exact duplicate
  { prompt: 'a', completion: ' b' },
];

async function upload(h: Harness, body: string, query = '', contentType = 'application/jsonl', key?: string) {
  return h.req(`/v1/datasets${query}`, { method: 'POST', body, headers: { 'content-type': contentType }, key });
}

/** Nothing half-written: no dataset row, no blob, no staged write. */
async function assertNothingStored(h: Harness) {
  assert.deepEqual((await h.deps.meta.datasets.list(h.rootTenant, { limit: 100 })).data, []);
  assert.deepEqual(await h.deps.blobs.list(), []);
  assert.equal(h.deps.blobs.staging, 0);
}

test('JSONL upload: validated, cleaned (duplicates dropped), stored with stats and preview', async () => {
  const h = await harness();
  const res = await upload(h, jsonl(COMPLETIONS), '?name=greetings');
  assert.equal(res.status, 201);
  const ds = (await res.json()) as Record<string, any>;
  assert.match(ds.id, /^ds_/);
  assert.equal(ds.name, 'greetings');
  assert.equal(ds.kind, 'completion');
  assert.equal(ds.records, 3);
  assert.equal(ds.stats.records_in, 4);
  assert.equal(ds.stats.dropped.exact_duplicate, 1);
  assert.deepEqual(ds.preview[0], { prompt: 'hi', completion: ' there' });
  const content = await (await h.req(`/v1/datasets/${ds.id}/content`)).text();
  assert.equal(content.trim().split('\n').length, 3);
  assert.deepEqual(await h.deps.blobs.list(), [`t/${h.rootTenant}/datasets/${ds.id}.jsonl`]);
});

test('CSV upload (kind from the header), and multipart with a file part and form fields', async () => {
  const h = await harness();
  const csv = 'text,label\n"good, really",pos\nbad,neg\n';
  const r1 = await upload(h, csv, '', 'text/csv');
  assert.equal(r1.status, 201);
  const d1 = (await r1.json()) as Record<string, any>;
  assert.deepEqual([d1.format, d1.kind, d1.records], ['csv', 'classification', 2]);
  const form = new FormData();
  form.append('file', new File([jsonl(COMPLETIONS.slice(0, 2))], 'My Data.jsonl'));
  form.append('clean', 'false');
  const r2 = await h.req('/v1/datasets', { method: 'POST', body: form });
  assert.equal(r2.status, 201);
  const d2 = (await r2.json()) as Record<string, any>;
  assert.deepEqual([d2.name, d2.records], ['my-data', 2]);
});

test('a bad record fails the upload with its line and field, and nothing is stored', async () => {
  const h = await harness();
  const body = jsonl([{ prompt: 'a', completion: 'b' }, { prompt: 'c', completion: 'd' }, { prompt: 'e', completion: 5 }]);
  const e = await errorOf(await upload(h, body));
  assert.deepEqual([e.status, e.line, e.param], [422, 3, 'completion']);
  assert.match(e.message, /^line 3: field "completion"/);
  await assertNothingStored(h);
  const bad = await errorOf(await upload(h, '{"prompt":"a","completion":"b"}\n{"prompt": oops}\n'));
  assert.deepEqual([bad.status, bad.code, bad.line], [400, 'invalid_request', 2]);
  await assertNothingStored(h);
  const mixed = await errorOf(await upload(h, jsonl([{ prompt: 'a', completion: 'b' }, { text: 'x', label: 'y' }])));
  assert.deepEqual([mixed.status, mixed.line], [422, 2]);
  await assertNothingStored(h);
});

test('on_invalid=skip drops bad records and counts them', async () => {
  const h = await harness();
  const res = await upload(h, '{"prompt":"a","completion":"b"}\nnot json\n{"prompt":1}\n', '?on_invalid=skip');
  assert.equal(res.status, 201);
  const ds = (await res.json()) as Record<string, any>;
  assert.equal(ds.records, 1);
  assert.equal(ds.stats.dropped.invalid, 2);
});

test('an upload with no usable record is 422 and stores nothing', async () => {
  const h = await harness();
  const e = await errorOf(await upload(h, '\n\n'));
  assert.deepEqual([e.status, e.param], [422, 'file']);
  await assertNothingStored(h);
});

test('oversized uploads are 413, by Content-Length or while streaming, and leave nothing', async () => {
  const h = await harness({ maxDatasetBytes: 100 });
  const big = jsonl(Array.from({ length: 20 }, (_, i) => ({ prompt: `p${i}`, completion: `c${i}` })));
  assert.equal((await upload(h, big)).status, 413);
  await assertNothingStored(h);
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < 20; i++) c.enqueue(enc.encode(JSON.stringify({ prompt: `p${i}`, completion: `c${i}` }) + '\n'));
      c.close();
    },
  });
  const res = await h.app.request('/v1/datasets', {
    method: 'POST', body: stream, headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'application/jsonl' }, duplex: 'half',
  } as RequestInit);
  assert.equal(res.status, 413);
  await assertNothingStored(h);
  const h2 = await harness({ maxRecordBytes: 10 });
  const e = await errorOf(await upload(h2, jsonl([{ prompt: 'a long prompt here', completion: 'b' }])));
  assert.deepEqual([e.status, e.line], [413, 1]);
});

test('bad options and content types are 400 naming the parameter', async () => {
  const h = await harness();
  const e1 = await errorOf(await upload(h, jsonl(COMPLETIONS), '?format=xml'));
  assert.deepEqual([e1.status, e1.param], [422, 'format']);
  const e2 = await errorOf(await upload(h, jsonl(COMPLETIONS), '?colour=red'));
  assert.deepEqual([e2.status, e2.param], [422, 'colour']);
  const e3 = await errorOf(await upload(h, jsonl(COMPLETIONS), '', 'image/png'));
  assert.deepEqual([e3.status, e3.code], [400, 'invalid_request']);
  const form = new FormData();
  form.append('name', 'x');
  const e4 = await errorOf(await h.req('/v1/datasets', { method: 'POST', body: form }));
  assert.deepEqual([e4.status, e4.param], [400, 'file']);
  await assertNothingStored(h);
});

test('list, get, delete; unknown and other tenants\' ids are 404', async () => {
  const h = await harness();
  const ds = (await (await upload(h, jsonl(COMPLETIONS))).json()) as { id: string };
  const list = (await (await h.req('/v1/datasets')).json()) as { data: { id: string; preview?: unknown }[] };
  assert.deepEqual(list.data.map((d) => d.id), [ds.id]);
  assert.equal(list.data[0]!.preview, undefined);
  assert.equal((await h.req('/v1/datasets/ds_nope')).status, 404);
  assert.deepEqual((await errorOf(await h.req('/v1/datasets?limit=0'))).param, 'limit');
  const other = await h.tenant();
  for (const path of [`/v1/datasets/${ds.id}`, `/v1/datasets/${ds.id}/content`]) assert.equal((await h.req(path, { key: other.adminKey })).status, 404);
  assert.equal((await h.req(`/v1/datasets/${ds.id}`, { method: 'DELETE', key: other.adminKey })).status, 404);
  assert.equal(((await (await h.req('/v1/datasets', { key: other.adminKey })).json()) as { data: unknown[] }).data.length, 0);
  assert.equal((await h.req(`/v1/datasets/${ds.id}`, { method: 'DELETE' })).status, 200);
  await assertNothingStored(h);
  assert.equal((await h.req(`/v1/datasets/${ds.id}`, { method: 'DELETE' })).status, 404);
});
