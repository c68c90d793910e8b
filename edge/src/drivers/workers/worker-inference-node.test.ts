// The Workers deployment shape for inference: the Worker in workerd forwards completions and drift
// scoring to `edgetune inference-node` (a child process holding the model, real HTTP, a bearer
// token), which runs the real engine; the cron's background drift check scores there too. Before the
// node existed the Worker's drift report said 501.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeTinyRandomModel } from '@edgetune/core/weights/tiny-random.ts';
import { adapterForm } from '../../test-support/adapters.ts';
import { TINY_GPT2 } from '../../test-support/harness.ts';
import { bundleWorker, startWorker, type WorkerHarness } from './miniflare-harness.ts';

const TOKEN = 'node-s3cret';
const tmp = mkdtempSync(join(tmpdir(), 'edgetune-inference-node-'));
const bin = new URL('../../../../core/bin/edgetune.js', import.meta.url).pathname;
let node: ChildProcess;
let nodeUrl: string;
let log = '';
const forwarded: string[] = [];
let h: WorkerHarness;

before(async () => {
  const dir = join(tmp, TINY_GPT2.id);
  // the config the Worker's catalog holds for tiny-gpt2 (R2), now with weights and a tokenizer
  writeTinyRandomModel(dir, { arch: 'gpt2', vocabSize: 300, hidden: 32, layers: 2, heads: 2, maxPositions: 64 });
  node = spawn(process.execPath, [bin, 'inference-node', '--model', `${TINY_GPT2.id}=${dir}`, '--port', '0', '--host', '127.0.0.1', '--token', TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
  node.stdout!.on('data', (d) => (log += d));
  node.stderr!.on('data', (d) => (log += d));
  nodeUrl = await new Promise<string>((found, failed) => {
    node.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(log);
      if (m) found(m[1]!);
    });
    node.once('exit', (code) => failed(new Error(`inference node exited ${code}: ${log}`)));
  });
  // the INFERENCE service binding: each request goes on to the node over HTTP, as it is
  const inference = async (req: Request) => {
    const url = new URL(req.url);
    forwarded.push(`${req.method} ${url.pathname} ${req.headers.get('authorization') === `Bearer ${TOKEN}` ? 'token' : 'no token'}`);
    const body = req.method === 'GET' ? undefined : new Uint8Array(await req.arrayBuffer());
    try {
      const res = await fetch(new URL(url.pathname, nodeUrl), { method: req.method, headers: req.headers, body });
      return new Response(res.status === 204 ? null : await res.arrayBuffer(), { status: res.status, headers: res.headers });
    } catch (e) {
      log += `forwarding failed: ${(e as Error).stack} ${(e as any).cause}\n`;
      throw e;
    }
  };
  h = await startWorker(await bundleWorker(), { bindings: { INFERENCE_TOKEN: TOKEN }, inference });
});
after(async () => {
  await h?.close();
  node?.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
});

test('completions through the Worker come from the inference node; its drift report is scored there too', async () => {
  const t = await h.tenant('infer-node');
  const up = await h.req('/v1/adapters', { key: t.adminKey, body: adapterForm({ name: 'support', base_model: TINY_GPT2.id, aliases: 'prod' }) });
  assert.equal(up.status, 201, await up.clone().text());
  const sha = ((await up.json()) as any).created_version.sha256 as string;

  const chat = await h.req('/v1/chat/completions', { key: t.adminKey, json: { model: 'support@prod', messages: [{ role: 'user', content: 'hello' }], max_tokens: 4, temperature: 0 } });
  assert.equal(chat.status, 200, `${await chat.clone().text()}\n${log}\n${forwarded.join(", ")}`);
  const body = (await chat.json()) as any;
  assert.equal(typeof body.choices[0].message.content, 'string');
  assert.ok(body.usage.prompt_tokens > 0 && body.usage.completion_tokens >= 1 && body.usage.completion_tokens <= 4, JSON.stringify(body.usage));
  assert.deepEqual(forwarded.slice(0, 3), ['POST /generate token', `PUT /adapters/${sha} token`, 'POST /generate token']);

  // drift: the evaluation set and the sampled prompts are scored by the node
  const ds = await h.req('/v1/datasets', { key: t.adminKey, body: ['the cat sat', 'a dog ran', 'the bird sang'].map((text) => JSON.stringify({ prompt: text, completion: ' ok' })).join('\n'), headers: { 'content-type': 'application/jsonl' } });
  assert.equal(ds.status, 201, await ds.clone().text());
  const monitor = await h.req('/v1/adapters/support/aliases/prod/monitor', { key: t.adminKey, method: 'PUT', json: { eval_dataset: ((await ds.json()) as any).id, sample_rate: 1, check_every_s: 60 } });
  assert.equal(monitor.status, 200, await monitor.clone().text());
  for (const content of ['the cat sat', 'the dog ran']) {
    assert.equal((await h.req('/v1/chat/completions', { key: t.adminKey, json: { model: 'support@prod', messages: [{ role: 'user', content }], max_tokens: 2 } })).status, 200);
  }
  const drift = await h.req('/v1/adapters/support/aliases/prod/drift?window=10', { key: t.adminKey });
  assert.equal(drift.status, 200, await drift.clone().text());
  const report = (await drift.json()) as any;
  assert.equal(typeof report.drifting, 'boolean');
  assert.ok(forwarded.some((f) => f === 'POST /score token'), forwarded.join(', '));

  // the cron checks the monitor in the background once its minute has passed, if traffic was sampled
  // since the last check (the report above was one)
  const scores = () => forwarded.filter((f) => f === 'POST /score token').length;
  const before = scores();
  await h.scheduled(Date.now() + 61_000);
  assert.equal(scores(), before, 'nothing sampled since the report: nothing to check');
  assert.equal((await h.req('/v1/chat/completions', { key: t.adminKey, json: { model: 'support@prod', messages: [{ role: 'user', content: 'the bird sang' }], max_tokens: 2 } })).status, 200);
  await h.scheduled(Date.now() + 61_000);
  assert.equal(scores(), before + 2, 'the evaluation set and the samples scored by the cron');
  const m = (await (await h.req('/v1/adapters/support/aliases/prod/monitor', { key: t.adminKey })).json()) as any;
  assert.equal(typeof m.last_checked_at, 'number');
});
