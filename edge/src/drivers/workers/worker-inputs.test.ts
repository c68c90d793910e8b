// The Worker flavour inside workerd: bad input, the all-or-nothing uploads on R2 + D1 (a failed
// upload leaves no object and no row), staged writes larger than one chunk, and completions
// forwarded to an inference node over a service binding.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { adapterForm, loraFiles } from '../../test-support/adapters.ts';
import { artifact } from '../../test-support/flow.ts';
import { bundleWorker, errorOf, startWorker, type WorkerHarness } from './miniflare-harness.ts';

const MAX_STAGED = 300_000;

/** A fake inference node speaking inference.ts's protocol; it knows an adapter once it was PUT. */
const node = { known: new Map<string, Uint8Array>(), requests: [] as { method: string; path: string; body: any }[] };
async function inferenceNode(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  if (req.method === 'PUT' && path.startsWith('/adapters/')) {
    const bytes = new Uint8Array(await req.arrayBuffer());
    node.requests.push({ method: 'PUT', path, body: bytes.length });
    node.known.set(path.slice('/adapters/'.length), bytes);
    return new Response(null, { status: 204 });
  }
  const body = (await req.json()) as { model: string; adapter: { sha256: string } | null; prompt: unknown; sampling: { maxTokens: number } };
  node.requests.push({ method: req.method, path, body });
  if (body.adapter && !node.known.has(body.adapter.sha256)) {
    return Response.json({ error: { code: 'adapter_not_found', message: 'send it' } }, { status: 404 });
  }
  const pieces = ['hel', 'lo'].map((text) => JSON.stringify({ text }));
  const done = JSON.stringify({ done: { text: 'hello', finishReason: 'length', promptTokens: 3, completionTokens: 2 } });
  return new Response(`${pieces.join('\n')}\n${done}\n`, { headers: { 'content-type': 'application/x-ndjson' } });
}

let h: WorkerHarness;
before(async () => {
  h = await startWorker(await bundleWorker(), { bindings: { EDGETUNE_MAX_STAGED_BYTES: String(MAX_STAGED) }, inference: inferenceNode });
});
after(() => h?.close());

const json = async (res: Response) => (await res.json()) as Record<string, any>;
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const postDataset = (key: string, body: string) => h.req('/v1/datasets', { key, body, headers: { 'content-type': 'application/jsonl' } });

async function assertNothingStored(tenantId: string) {
  assert.deepEqual(await h.r2Keys(`t/${tenantId}/`), [], 'no R2 object');
  assert.deepEqual(await h.sql('SELECT id FROM datasets WHERE tenant_id = ?', tenantId), [], 'no dataset row');
  assert.deepEqual(await h.sql('SELECT id FROM adapter_versions WHERE tenant_id = ?', tenantId), [], 'no adapter row');
  assert.deepEqual(await h.sql('SELECT id FROM jobs WHERE tenant_id = ?', tenantId), [], 'no job row');
}

test('a dataset bigger than one staged chunk is committed whole and reads back byte for byte', async () => {
  const t = await h.tenant('big');
  // ~200 KB: the ingest writer flushes 64 KiB chunks, so R2 gets a multi-chunk FixedLengthStream put
  const rows = Array.from({ length: 2000 }, (_, i) => ({ prompt: `question ${i} ${'x'.repeat(40)}`, completion: ` answer ${i} ${'y'.repeat(40)}` }));
  const res = await postDataset(t.adminKey, jsonl(rows));
  assert.equal(res.status, 201, await res.clone().text());
  const ds = await json(res);
  assert.ok(ds.bytes > 3 * 65_536 && ds.bytes < MAX_STAGED, `${ds.bytes} bytes`);
  const content = new Uint8Array(await (await h.req(`/v1/datasets/${ds.id}/content`, { key: t.adminKey })).arrayBuffer());
  assert.equal(content.length, ds.bytes);
  assert.equal(createHash('sha256').update(content).digest('hex'), ds.sha256);
  assert.deepEqual(new TextDecoder().decode(content).trim().split('\n').map((l) => JSON.parse(l)), rows);
});

test('failed uploads leave no R2 object and no D1 row', async () => {
  const t = await h.tenant('fail');
  // an invalid record with on_invalid=reject: 422 naming the line
  const bad = await postDataset(t.adminKey, `${JSON.stringify({ prompt: 'a', completion: 'b' })}\n{"prompt": 3}\n`);
  assert.equal(bad.status, 422);
  // no usable record at all
  assert.equal((await postDataset(t.adminKey, '{"nonsense": true}\n')).status, 422);
  // over the Worker's upload limit (capped by EDGETUNE_MAX_STAGED_BYTES): 413
  const tooBig = await errorOf(await postDataset(t.adminKey, jsonl(Array.from({ length: 4000 }, (_, i) => ({ prompt: `q${i} ${'x'.repeat(60)}`, completion: 'y'.repeat(20) })))));
  assert.deepEqual([tooBig.status, tooBig.code], [413, 'payload_too_large']);
  // an adapter whose modules do not exist in the base model
  const adapter = await h.req('/v1/adapters', { key: t.adminKey, body: adapterForm({ name: 'x', base_model: 'tiny-gpt2' }, loraFiles({ modules: { 'transformer.h.9.attn.c_attn': [32, 96] } })) });
  assert.equal(adapter.status, 422);
  // an adapter upload missing its weights part
  assert.equal((await h.req('/v1/adapters', { key: t.adminKey, body: adapterForm({ name: 'x', base_model: 'tiny-gpt2' }, { config: loraFiles().config }) })).status, 400);
  // a job over a dataset that does not exist
  const job = await errorOf(await h.req('/v1/fine_tuning/jobs', { key: t.adminKey, json: { model: 'tiny-gpt2', training_file: 'ds_aaaaaaaaaaaaaaaaaaaa', method: { type: 'lora', config: {} } } }));
  assert.deepEqual([job.status, job.param], [404, 'training_file']);
  await assertNothingStored(t.id);

  // a runner artifact whose bytes do not hash to its name
  const other = await h.tenant('fail-art');
  const otherRunner = await h.key(other.adminKey, ['runner']);
  const ds = await json(await postDataset(other.adminKey, jsonl([{ prompt: 'a', completion: 'b' }])));
  await h.req('/v1/fine_tuning/jobs', { key: other.adminKey, json: { model: 'tiny-gpt2', training_file: ds.id, method: { type: 'lora', config: {} } } });
  const l = await json(await h.req('/v1/runner/lease', { key: otherRunner, json: { runner_id: 'r' } }));
  const a = artifact();
  const lie = await h.req(`/v1/runner/leases/${l.lease_id}/artifacts/${'0'.repeat(64)}`, { method: 'PUT', key: otherRunner, body: a.bytes, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(lie.status, 422);
  assert.deepEqual(await h.r2Keys(`t/${other.id}/artifacts/`), []);
});

test('bad input through workerd: 401, 403, 404, 413, 400/422 with the failing field', async () => {
  const t = await h.tenant('bad');
  const inferKey = await h.key(t.adminKey, ['infer']);
  assert.equal((await h.req('/v1/fine_tuning/jobs', { key: null })).status, 401);
  assert.equal((await h.req('/v1/fine_tuning/jobs', { key: 'Bearer nonsense' })).status, 401);
  assert.equal((await h.req('/v1/datasets', { key: inferKey })).status, 403, 'infer keys do not read datasets');
  for (const path of ['/v1/datasets/ds_aaaaaaaaaaaaaaaaaaaa', '/v1/fine_tuning/jobs/ftjob_aaaaaaaaaaaaaaaaaaaa', '/v1/adapters/nope', '/v1/webhooks/wh_aaaaaaaaaaaaaaaaaaaa']) {
    assert.equal((await h.req(path, { key: t.adminKey })).status, 404, path);
  }
  assert.equal((await h.req('/v1/nowhere', { key: t.adminKey })).status, 404);
  const malformed = await errorOf(await h.req('/v1/fine_tuning/jobs', { key: t.adminKey, json: '{"model": ' }));
  assert.deepEqual([malformed.status, malformed.code], [400, 'invalid_json']);
  const wrongType = await errorOf(await h.req('/v1/fine_tuning/jobs', { key: t.adminKey, json: { model: 'tiny-gpt2', training_file: 5, method: { type: 'lora' } } }));
  assert.deepEqual([wrongType.status, wrongType.param], [422, 'training_file']);
  // a JSON body over maxJsonBytes (1 MiB) is 413 before it is parsed
  const huge = await errorOf(await h.req('/v1/fine_tuning/jobs', { key: t.adminKey, json: { model: 'x'.repeat(1_100_000) } }));
  assert.equal(huge.status, 413);
  // an adapter upload over the Worker's cap
  const fat = await errorOf(await h.req('/v1/adapters', { key: t.adminKey, body: adapterForm({ name: 'fat', base_model: 'tiny-gpt2' }, { config: loraFiles().config, weights: new Uint8Array(MAX_STAGED + 1) }) }));
  assert.equal(fat.status, 413);
  await assertNothingStored(t.id);
});

test('completions are forwarded to the inference node; adapter bytes are sent once, when it asks', async () => {
  const t = await h.tenant('infer');
  const up = await json(await h.req('/v1/adapters', { key: t.adminKey, body: adapterForm({ name: 'support', base_model: 'tiny-gpt2' }) }));
  const sha = up.created_version.sha256 as string;
  const chat = () => h.req('/v1/chat/completions', { key: t.adminKey, json: { model: 'tiny-gpt2:support', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 } });
  const first = await chat();
  assert.equal(first.status, 200, await first.clone().text());
  assert.equal(first.headers.get('x-edgetune-adapter'), 'support@1');
  const body = await json(first);
  assert.deepEqual([body.choices[0].message.content, body.choices[0].finish_reason, body.usage.total_tokens], ['hello', 'length', 5]);
  assert.deepEqual(node.requests.map((r) => `${r.method} ${r.path}`), ['POST /generate', `PUT /adapters/${sha}`, 'POST /generate']);
  assert.equal(createHash('sha256').update(node.known.get(sha)!).digest('hex'), sha, 'the packed blob, addressed by its hash');
  assert.deepEqual(node.requests[0]!.body.prompt, { messages: [{ role: 'user', content: 'hi' }] });
  await chat();
  assert.equal(node.requests.length, 4, 'the node had the adapter the second time');
  // streaming: SSE chunks carry the node's pieces
  const stream = await h.req('/v1/completions', { key: t.adminKey, json: { model: 'tiny-gpt2', prompt: 'hi', max_tokens: 2, stream: true } });
  const events = (await stream.text()).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
  assert.equal(events.at(-1), '[DONE]');
  assert.deepEqual(events.slice(0, 2).map((e) => JSON.parse(e).choices[0].text), ['hel', 'lo']);
  assert.equal(node.requests.at(-1)!.body.adapter, null);
});
