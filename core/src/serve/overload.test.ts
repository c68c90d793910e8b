import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdapterCache } from './adapter-cache.ts';
import { ServeEngine } from './engine.ts';
import { ServeError } from './errors.ts';
import { randomAdapter, tinyServeModel } from './test-support.ts';

const model = tinyServeModel('gpt2');

test('at 2x capacity, on mixed adapters, every request completes or is refused as overloaded', async () => {
  const cache = new AdapterCache({ base: model, budgetBytes: 2 ** 30, registry: null });
  const ids = await Promise.all(['lora', 'dora', 'ia3', 'prompt'].map(async (kind, i) => (await cache.putFiles(`a${i}`, randomAdapter(model, kind as 'lora', i + 1))).id));
  const [maxBatch, maxQueue] = [2, 3];
  const engine = new ServeEngine(model, { maxBatch, maxQueue, adapters: cache });
  const total = 2 * (maxBatch + maxQueue);
  const results: Promise<number>[] = [];
  let overloaded = 0;
  for (let i = 0; i < total; i++) {
    if (i === total / 2) await new Promise((resolve) => setImmediate(resolve)); // a second burst while the first runs
    try {
      const gen = engine.generate({ prompt: [1 + i, 2, 3], adapter: i % 5 === 4 ? null : ids[i % ids.length]!, sampling: { maxTokens: 4, ignoreEos: true } });
      results.push(gen.result.then((r) => r.tokens.length));
    } catch (err) {
      assert.ok(err instanceof ServeError && err.code === 'overloaded', `expected overloaded, got ${String(err)}`);
      overloaded++;
    }
  }
  // the queue bounds what is accepted in one burst; the rest is shed, not crashed on
  assert.ok(overloaded > 0, 'some requests are refused');
  assert.ok(results.length >= maxQueue, 'at least a queue of requests is accepted');
  assert.equal(results.length + overloaded, total);
  for (const n of await Promise.all(results)) assert.equal(n, 4);
  assert.deepEqual({ running: engine.stats().running, queued: engine.stats().queued }, { running: 0, queued: 0 });
  await engine.close();
});
