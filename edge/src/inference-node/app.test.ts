import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { packAdapter } from '@edgetune/core/serve/adapter-blob.ts';
import { ServeError } from '@edgetune/core/serve/errors.ts';
import { parseSafetensors } from '@edgetune/core/weights/index.ts';
import { writeTinyRandomModel } from '@edgetune/core/weights/tiny-random.ts';
import { LocalInference } from '../drivers/node/inference.ts';
import { ForwardingInference } from '../drivers/workers/inference.ts';
import type { InferenceEngine, InferenceRequest, InferenceResult, SamplingIn } from '../ports/inference.ts';
import { staticCatalog } from '../ports/models.ts';
import { loraFiles } from '../test-support/adapters.ts';
import { TINY_GPT2 } from '../test-support/harness.ts';
import { sha256Hex } from '../util/crypto.ts';
import { inferenceNodeApp } from './app.ts';

const SAMPLING: SamplingIn = { maxTokens: 4, temperature: 0, topP: 1, topK: 0, repetitionPenalty: 1, stop: [] };
const lora = () => {
  const f = loraFiles();
  return packAdapter({ config: JSON.parse(f.config), tensors: parseSafetensors(f.weights).tensors });
};

/** An engine that answers two pieces, or fails as told; it records what it was asked. */
function fakeEngine(behaviour: { failAt?: 'start' | 'midway' } = {}) {
  const calls: { req: InferenceRequest; bytes?: Uint8Array }[] = [];
  const engine: InferenceEngine = {
    async generate(req) {
      calls.push({ req, bytes: await req.adapter?.load() });
      if (behaviour.failAt === 'start') throw new ServeError('overloaded', 'queue full');
      const done: InferenceResult = { text: 'hello', finishReason: 'length', promptTokens: 3, completionTokens: 2 };
      async function* pieces() {
        yield 'hel';
        if (behaviour.failAt === 'midway') throw new ServeError('too_long', 'context is full');
        yield 'lo';
      }
      return Object.assign(pieces(), { result: Promise.resolve(done) });
    },
  };
  return { engine, calls };
}

const body = (o: unknown) => ({ method: 'POST', body: JSON.stringify(o), headers: { authorization: 'Bearer s3cret' } });
const generate = (adapter: { sha256: string } | null) => body({ model: 'm', adapter, prompt: 'hi', sampling: SAMPLING });
const lines = async (res: Response) => (await res.text()).trim().split('\n').map((l) => JSON.parse(l));

test('protocol: bearer token, adapter_not_found until the bytes are PUT (hash checked), then NDJSON pieces and done', async () => {
  const { engine, calls } = fakeEngine();
  const app = inferenceNodeApp({ engine, token: 's3cret' });
  const blob = lora();
  const sha256 = sha256Hex(blob);
  assert.equal((await app.request('/generate', { ...generate(null), headers: {} })).status, 401);
  assert.equal((await app.request('/generate', { ...generate(null), headers: { authorization: 'Bearer nope' } })).status, 401);
  const missing = await app.request('/generate', generate({ sha256 }));
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as any).error.code, 'adapter_not_found');
  const put = (path: string, bytes: Uint8Array) => app.request(path, { method: 'PUT', body: bytes, headers: { authorization: 'Bearer s3cret' } });
  const wrong = await put(`/adapters/${sha256}`, blob.subarray(1));
  assert.deepEqual([wrong.status, ((await wrong.json()) as any).error.code], [400, 'invalid_adapter']);
  assert.equal((await put('/adapters/not-a-hash', blob)).status, 400);
  assert.equal((await put(`/adapters/${sha256}`, blob)).status, 204);
  const res = await app.request('/generate', generate({ sha256 }));
  assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
  assert.deepEqual(await lines(res), [{ text: 'hel' }, { text: 'lo' }, { done: { text: 'hello', finishReason: 'length', promptTokens: 3, completionTokens: 2 } }]);
  assert.equal(calls.length, 1, 'the engine ran only once the node had the bytes');
  assert.deepEqual(calls[0]!.bytes, blob);
  assert.deepEqual(calls[0]!.req.sampling, SAMPLING);
});

test('protocol: bad bodies name the field; engine errors keep their code, before streaming and midway; no score → 501', async () => {
  const app = inferenceNodeApp({ engine: fakeEngine().engine, token: 's3cret' });
  const bad = async (o: unknown) => {
    const res = await app.request('/generate', body(o));
    return [res.status, ((await res.json()) as any).error.message as string] as const;
  };
  assert.deepEqual(await bad({ model: 'm', adapter: null, prompt: 'hi', sampling: { ...SAMPLING, topP: 2 } }).then(([s, m]) => [s, /^sampling\.topP/.test(m)]), [400, true]);
  assert.deepEqual(await bad({ model: 'm', adapter: { sha256: 'x' }, prompt: 'hi', sampling: SAMPLING }).then(([s, m]) => [s, /^adapter\.sha256/.test(m)]), [400, true]);
  assert.equal((await app.request('/generate', { ...body(null), body: '{' })).status, 400);

  const full = await inferenceNodeApp({ engine: fakeEngine({ failAt: 'start' }).engine }).request('/generate', generate(null));
  assert.deepEqual([full.status, ((await full.json()) as any).error.code], [503, 'overloaded']);
  const midway = await inferenceNodeApp({ engine: fakeEngine({ failAt: 'midway' }).engine }).request('/generate', generate(null));
  assert.equal(midway.status, 200);
  assert.deepEqual(await lines(midway), [{ text: 'hel' }, { error: { code: 'too_long', message: 'context is full' } }]);
  assert.equal((await app.request('/score', body({ model: 'm', adapter: null, texts: ['a'] }))).status, 501);
  const small = inferenceNodeApp({ engine: fakeEngine().engine, adapterBudgetBytes: 1000 });
  const big = new Uint8Array(1001);
  const refused = await small.request(`/adapters/${sha256Hex(big)}`, { method: 'PUT', body: big });
  assert.deepEqual([refused.status, ((await refused.json()) as any).error.code], [413, 'too_long']);
});

test('a Worker that goes away mid-stream cancels the generation on the node', async () => {
  let signal: AbortSignal | undefined;
  const engine: InferenceEngine = {
    async generate(req) {
      signal = req.signal;
      async function* pieces() {
        for (let i = 0; !req.signal?.aborted; i++) {
          yield `piece ${i} `;
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      return Object.assign(pieces(), { result: new Promise<InferenceResult>(() => {}) });
    },
  };
  const res = await inferenceNodeApp({ engine }).request('/generate', generate(null));
  const reader = res.body!.getReader();
  assert.match(new TextDecoder().decode((await reader.read()).value), /"text":"piece 0 "/);
  assert.equal(signal!.aborted, false);
  await reader.cancel();
  assert.equal(signal!.aborted, true, 'cancelling the body aborts the request the engine got');
});

const tmp = mkdtempSync(join(tmpdir(), 'edgetune-inference-node-'));
let local: LocalInference;
before(() => {
  const dir = join(tmp, 'tiny-gpt2');
  writeTinyRandomModel(dir, { arch: 'gpt2', vocabSize: 300, hidden: 32, layers: 2, heads: 2, maxPositions: 64 });
  local = new LocalInference(staticCatalog([{ ...TINY_GPT2, dir }]));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test('a Worker\'s ForwardingInference through the node to the real engine: the same text and scores as the engine in process', async () => {
  const app = inferenceNodeApp({ engine: local, token: 's3cret' });
  const seen: string[] = [];
  const worker = new ForwardingInference({
    fetch: async (input) => {
      const req = input as Request;
      seen.push(`${req.method} ${new URL(req.url).pathname}`);
      return app.fetch(req);
    },
  }, 'https://inference/', 's3cret');
  const blob = lora();
  const adapter = { sha256: sha256Hex(blob), load: async () => blob };
  const ask = { model: 'tiny-gpt2', adapter, prompt: { messages: [{ role: 'user' as const, content: 'hello there' }] }, sampling: { ...SAMPLING, maxTokens: 6 } };

  const forwarded = await worker.generate(ask);
  let streamed = '';
  for await (const piece of forwarded) streamed += piece;
  const direct = await local.generate(ask);
  for await (const _ of direct);
  const [viaNode, inProcess] = [await forwarded.result, await direct.result];
  assert.deepEqual(viaNode, inProcess);
  assert.equal(streamed, viaNode.text);
  assert.deepEqual(seen, ['POST /generate', `PUT /adapters/${adapter.sha256}`, 'POST /generate']);

  const texts = ['the cat sat', 'on the mat'];
  const scored = await worker.score({ model: 'tiny-gpt2', adapter, texts });
  assert.deepEqual(scored, await local.score({ model: 'tiny-gpt2', adapter, texts }));
  assert.ok(Number.isFinite(scored.meanNll) && scored.meanNll > 0);
  assert.deepEqual(seen.slice(3), ['POST /score'], 'the node kept the adapter from before');
});
