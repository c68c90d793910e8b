import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServeEngine } from './engine.ts';
import { ServeError } from './errors.ts';
import { mergedBase } from './merged.ts';
import { prepareAdapter } from './prepare.ts';
import { ServeRunner } from './runner.ts';
import { maxDiff, randomAdapter, tinyServeModel } from './test-support.ts';

// Merged mode is the same engine over merged weights: its logits equal hot-swap serving within 1e-4.
for (const kind of ['lora', 'dora', 'ia3'] as const) {
  test(`merged mode equals hot-swapped serving: ${kind}`, async () => {
    const model = tinyServeModel('llama');
    const files = randomAdapter(model, kind, 21);
    const prompt = [4, 8, 15, 16, 23, 42];
    const hot = new ServeRunner(model, { maxRows: 1 });
    const swapped = await hot.logits([{ adapter: prepareAdapter('x', files, model), ids: prompt }]);
    const base = await mergedBase(model, files);
    const cold = new ServeRunner(base, { maxRows: 1 });
    const merged = await cold.logits([{ adapter: null, ids: prompt }]);
    assert.ok(maxDiff(merged.data as Float32Array, 0, swapped.data as Float32Array, 0, merged.data.length) <= 1e-4);

    const engine = new ServeEngine(base, { merged: 'x' });
    const sampling = { temperature: 0, maxTokens: 6, ignoreEos: true };
    const a = await engine.generate({ prompt, adapter: 'x', sampling }).result;
    const src = { acquire: async () => prepareAdapter('x', files, model), release() {} };
    const hotEngine = new ServeEngine(model, { adapters: src });
    const b = await hotEngine.generate({ prompt, adapter: 'x', sampling }).result;
    assert.deepEqual(a.tokens, b.tokens);
    assert.throws(() => engine.generate({ prompt }), (e: unknown) => e instanceof ServeError && /merged/.test(e.message));
    await Promise.all([engine.close(), hotEngine.close(), hot.release(), cold.release()]);
  });
}

test('methods without a merge are refused in merged mode', async () => {
  const model = tinyServeModel('gpt2');
  await assert.rejects(mergedBase(model, randomAdapter(model, 'prompt', 1)), /cannot be merged/);
});
