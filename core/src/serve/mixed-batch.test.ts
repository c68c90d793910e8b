import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AdapterFiles } from '../plugin/index.ts';
import { prepareAdapter } from './prepare.ts';
import { ServeRunner } from './runner.ts';
import { argmax, maxDiff, randomAdapter, referenceLogits, tinyServeModel } from './test-support.ts';

const KINDS = ['lora', 'rslora', 'dora', 'ia3', 'prompt', 'prefix'] as const;

// One batch of base, LoRA, rsLoRA, DoRA, IA3, prompt-tuning and prefix-tuning rows (two LoRA adapters of
// different rank and targets, and two rows sharing one): every row's logits must equal its adapter served
// alone by the training graph (merged where the method merges) within 1e-4, at prefill and while decoding.
for (const [arch, loraMode] of [['gpt2', 'rows'], ['llama', 'rows'], ['gpt2', 'grouped'], ['llama', 'grouped']] as const) {
  test(`${arch}: mixed batch rows equal each adapter alone (LoRA inputs ${loraMode})`, async () => {
    const model = tinyServeModel(arch);
    const V = model.config.vocabSize;
    const files: (AdapterFiles | null)[] = [null, randomAdapter(model, 'lora', 1, 2), ...KINDS.map((k, i) => randomAdapter(model, k, 10 + i, 4))];
    files.push(files[1]!); // a second row on the first LoRA adapter
    const adapters = files.map((f, i) => (f ? prepareAdapter(`a${i}`, f, model) : null));
    adapters[adapters.length - 1] = adapters[1]!;
    const prompts = files.map((_, i) => Array.from({ length: 3 + ((i * 5) % 7) }, (_, t) => (i * 37 + t * 11 + 1) % V));
    const runner = new ServeRunner(model, { maxRows: files.length, minWindow: 8, loraMode });
    const items = adapters.map((adapter, i) => ({ adapter, ids: prompts[i]! }));

    const all = await runner.logits(items); // [B, T, V], virtual tokens first
    const T = all.shape[1]!;
    for (const [i, f] of files.entries()) {
      const virtual = adapters[i]?.prompt?.tokens ?? 0;
      const ref = (await referenceLogits(model, f, prompts[i]!)).data as Float32Array;
      if (f) {
        // the adapter must matter, or the comparison proves nothing
        const base = (await referenceLogits(model, null, prompts[i]!)).data as Float32Array;
        const n = prompts[i]!.length * V;
        assert.ok(maxDiff(ref, ref.length - n, base, 0, n) > 1e-2, `${arch} row ${i}: the adapter barely changes the logits`);
      }
      const err = maxDiff(all.data as Float32Array, i * T * V, ref, 0, (virtual + prompts[i]!.length) * V);
      assert.ok(err <= 1e-4, `${arch} row ${i} (${adapters[i]?.method ?? 'base'}): prefill logits differ by ${err}`);
    }

    let logits = await runner.prefill(items);
    const seqs = prompts.map((p) => [...p]);
    let rowOf = files.map((_, i) => i); // sequence -> cache row, -1 once it left
    for (let step = 0; step < 4; step++) {
      for (const [i, f] of files.entries()) {
        const row = rowOf[i]!;
        if (row < 0) continue;
        const ref = (await referenceLogits(model, f, seqs[i]!)).data as Float32Array;
        const err = maxDiff(logits[row]!, 0, ref, ref.length - V, V);
        assert.ok(err <= 1e-4, `${arch} step ${step} row ${i} (${adapters[i]?.method ?? 'base'}): logits differ by ${err}`);
        seqs[i]!.push(argmax(logits[row]!));
      }
      if (step === 1) {
        // the DoRA row leaves: the last row (the second LoRA row) moves into its place
        const gone = rowOf[3]!;
        const moved = runner.remove(gone);
        rowOf = rowOf.map((r, i) => (i === 3 ? -1 : r === moved ? gone : r));
      }
      const tokens: number[] = [];
      rowOf.forEach((r, i) => r >= 0 && (tokens[r] = seqs[i]!.at(-1)!));
      const flat = await runner.decode(tokens);
      logits = tokens.map((_, r) => flat.slice(r * V, (r + 1) * V));
    }
    await runner.release();
  });
}

// When every row runs the same adapter its factors are fed once and broadcast over the batch.
test('llama: rows sharing one LoRA adapter (broadcast factors) equal it alone', async () => {
  const model = tinyServeModel('llama');
  const V = model.config.vocabSize;
  const files = randomAdapter(model, 'rslora', 31, 3);
  const adapter = prepareAdapter('shared', files, model);
  const prompts = [[1, 2, 3], [9, 8, 7, 6, 5], [4]];
  const runner = new ServeRunner(model, { maxRows: 3, loraMode: 'rows' });
  const logits = await runner.prefill(prompts.map((ids) => ({ adapter, ids })));
  const next = logits.map((l) => argmax(l));
  const flat = await runner.decode(next);
  for (const [i, p] of prompts.entries()) {
    const ref = (await referenceLogits(model, files, [...p, next[i]!])).data as Float32Array;
    assert.ok(maxDiff(flat, i * V, ref, ref.length - V, V) <= 1e-4, `row ${i}`);
  }
  await runner.release();
});
