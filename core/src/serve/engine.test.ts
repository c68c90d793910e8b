import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServeAdapter } from './adapter.ts';
import type { AdapterSource } from './engine-options.ts';
import { ServeEngine } from './engine.ts';
import { ServeError } from './errors.ts';
import { prepareAdapter } from './prepare.ts';
import { argmax, randomAdapter, referenceLogits, tinyServeModel } from './test-support.ts';

const model = tinyServeModel('llama');
const V = model.config.vocabSize;
const noEos = { ignoreEos: true };

/** Adapters by id, with a gate to hold loads back and a count of pins. */
function source(adapters: Record<string, ServeAdapter>): AdapterSource & { pins: Map<string, number> } {
  const pins = new Map<string, number>();
  return {
    pins,
    async acquire(id) {
      const a = adapters[id];
      if (!a) throw new ServeError('adapter_not_found', `no adapter ${id}`);
      pins.set(id, (pins.get(id) ?? 0) + 1);
      return a;
    },
    release(a) {
      pins.set(a.id, pins.get(a.id)! - 1);
    },
  };
}

async function collect(gen: AsyncIterable<{ token: number }>): Promise<number[]> {
  const out: number[] = [];
  for await (const e of gen) out.push(e.token);
  return out;
}

/** Greedy continuation by full recompute through the training graph. */
async function greedyReference(files: Parameters<typeof referenceLogits>[1], prompt: number[], n: number): Promise<number[]> {
  const seq = [...prompt];
  for (let i = 0; i < n; i++) {
    const l = (await referenceLogits(model, files, seq)).data as Float32Array;
    seq.push(argmax(l, l.length - V, V));
  }
  return seq.slice(prompt.length);
}

test('concurrent requests with different adapters stream their own greedy tokens', async () => {
  const lora = randomAdapter(model, 'lora', 1);
  const prefix = randomAdapter(model, 'prefix', 2);
  const src = source({ lora: prepareAdapter('lora', lora, model), prefix: prepareAdapter('prefix', prefix, model) });
  const engine = new ServeEngine(model, { maxBatch: 2, adapters: src, minWindow: 4 });
  const reqs = [
    { prompt: [5, 6, 7], adapter: null, files: null },
    { prompt: [9, 1], adapter: 'lora', files: lora },
    { prompt: [3, 3, 3, 3], adapter: 'prefix', files: prefix },
  ];
  const gens = reqs.map((r, i) => engine.generate({ prompt: r.prompt, adapter: r.adapter, sampling: { temperature: 0, maxTokens: 4 + i, ...noEos } }));
  const streamed = await Promise.all(gens.map(collect));
  for (const [i, r] of reqs.entries()) {
    const result = await gens[i]!.result;
    assert.deepEqual(result.tokens, streamed[i], 'the stream and the result agree');
    assert.equal(result.finishReason, 'length');
    assert.deepEqual(streamed[i], await greedyReference(r.files, r.prompt, 4 + i), `request ${i} tokens`);
  }
  assert.ok(engine.stats().prefills >= 2, 'the third request joined after a row freed (maxBatch 2)');
  assert.deepEqual([...src.pins.values()], [0, 0], 'every adapter pin was released');
  await engine.close();
});

test('a full queue sheds load with a clear overloaded error', async () => {
  const engine = new ServeEngine(model, { maxBatch: 1, maxQueue: 2 });
  const gens = [];
  let error: unknown;
  try {
    // one request runs at once, two may wait: the fourth (at the latest) is refused
    for (let i = 0; i < 4; i++) gens.push(engine.generate({ prompt: [1, 2], sampling: { maxTokens: 3, ...noEos } }));
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ServeError && error.code === 'overloaded' && error.status === 503, `expected overloaded, got ${String(error)}`);
  assert.match(error.message, /retry later/);
  await Promise.all(gens.map((g) => g.result));
  assert.ok(engine.generate({ prompt: [1], sampling: { maxTokens: 1 } }), 'room again once the queue drains');
  await engine.close();
});

test('cancellation: cancel(), breaking out of the stream and an abort signal', async () => {
  const engine = new ServeEngine(model, { maxBatch: 4 });
  const long = { maxTokens: 40, ...noEos, temperature: 0 };
  const a = engine.generate({ prompt: [1, 2, 3], sampling: long });
  const b = engine.generate({ prompt: [4, 5], sampling: long });
  const ctl = new AbortController();
  const c = engine.generate({ prompt: [6], sampling: long, signal: ctl.signal });
  const other = engine.generate({ prompt: [7, 8], sampling: { maxTokens: 10, ...noEos } });
  let n = 0;
  for await (const _ of a) if (++n === 2) a.cancel();
  for await (const _ of b) break;
  for await (const _ of c) {
    ctl.abort();
    break;
  }
  for (const g of [a, b, c]) assert.equal((await g.result).finishReason, 'cancelled');
  assert.ok((await a.result).tokens.length < 40);
  assert.equal((await other.result).tokens.length, 10, 'the other request finished normally');
  assert.equal(engine.stats().running, 0);
  await engine.close();
});

test('limits: tokens in flight, prompt length, stop sequences and EOS', async () => {
  const engine = new ServeEngine(model, { maxBatch: 4, maxTokensInFlight: 20 });
  assert.throws(() => engine.generate({ prompt: [V + 1] }), /prompt/);
  assert.throws(() => engine.generate({ prompt: [1], sampling: { topP: 2 } }), /sampling/);
  await assert.rejects(engine.generate({ prompt: [1, 2], sampling: { maxTokens: 30 } }).result, (e: unknown) => e instanceof ServeError && e.code === 'too_long');
  // two requests of 12 positions cannot run together under 20: the second waits, both finish
  const g = [0, 1].map(() => engine.generate({ prompt: [1, 2], sampling: { maxTokens: 10, ...noEos, temperature: 0 } }));
  const [r0, r1] = await Promise.all(g.map((x) => x.result));
  assert.deepEqual(r0!.tokens, r1!.tokens);
  assert.equal(engine.stats().prefills, 2, 'admitted one at a time');
  // a stop sequence of the greedy continuation ends it early, unstreamed
  const stop = r0!.tokens.slice(3, 5);
  const s = await engine.generate({ prompt: [1, 2], sampling: { maxTokens: 10, ...noEos, temperature: 0, stop: [stop] } }).result;
  assert.equal(s.finishReason, 'stop');
  assert.deepEqual(s.tokens, r0!.tokens.slice(0, r0!.tokens.findIndex((_, i) => r0!.tokens[i] === stop[0] && r0!.tokens[i + 1] === stop[1])));
  await engine.close();
  // EOS ends a request (unstreamed) unless ignored: here the first greedy token is made the EOS
  const eosModel = { ...model, config: { ...model.config, eosTokenIds: [r0!.tokens[0]!] } };
  const eosEngine = new ServeEngine(eosModel);
  const stopped = await eosEngine.generate({ prompt: [1, 2], sampling: { maxTokens: 10, temperature: 0 } }).result;
  assert.deepEqual([stopped.tokens, stopped.finishReason], [[], 'stop']);
  const ignored = await eosEngine.generate({ prompt: [1, 2], sampling: { maxTokens: 10, temperature: 0, ignoreEos: true } }).result;
  assert.deepEqual(ignored.tokens, r0!.tokens);
  await eosEngine.close();
});

test('continuous batching: a request joins while another is mid-decode', async () => {
  const engine = new ServeEngine(model, { maxBatch: 4 });
  const sampling = { temperature: 0, ignoreEos: true };
  const first = engine.generate({ prompt: [11, 12, 13], sampling: { ...sampling, maxTokens: 12 } });
  const firstTokens: number[] = [];
  let second: ReturnType<ServeEngine['generate']> | undefined;
  for await (const e of first) {
    firstTokens.push(e.token);
    if (firstTokens.length === 3) second = engine.generate({ prompt: [21, 22], sampling: { ...sampling, maxTokens: 4 } });
  }
  const secondResult = await second!.result;
  assert.deepEqual(firstTokens, await greedyReference(null, [11, 12, 13], 12));
  assert.deepEqual(secondResult.tokens, await greedyReference(null, [21, 22], 4));
  const stats = engine.stats();
  assert.equal(stats.prefills, 2);
  assert.ok(stats.steps < 11 + 3, `the second request decoded alongside the first (${stats.steps} steps)`);
  await engine.close();
});
