import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServeRunner } from './runner.ts';
import { argmax, maxDiff, referenceLogits, tinyServeModel } from './test-support.ts';

// Greedy decoding through the KV cache must pick the same tokens, with the same logits, as recomputing
// the whole sequence with the training graph at every step.
for (const arch of ['gpt2', 'llama'] as const) {
  test(`${arch}: greedy decode with the KV cache equals full recompute`, async () => {
    const model = tinyServeModel(arch);
    const V = model.config.vocabSize;
    const runner = new ServeRunner(model, { maxRows: 4, minWindow: 4 }); // small window: exercises growth
    const prompts = [[5, 17, 99, 3, 250], [7, 8], [42, 1, 2, 3, 4, 5, 6, 7, 8]];
    const seqs = prompts.map((p) => [...p]);
    let logits = await runner.prefill(prompts.map((ids) => ({ adapter: null, ids })));
    let next = logits.map((l) => argmax(l));
    let rowOf = [0, 1, 2]; // sequence -> cache row
    for (let step = 0; step < 8; step++) {
      for (const [s, row] of rowOf.entries()) {
        if (row < 0) continue;
        const ids = seqs[s]!;
        const ref = (await referenceLogits(model, null, ids)).data as Float32Array;
        const l = logits[row]!;
        assert.ok(maxDiff(l, 0, ref, (ids.length - 1) * V, V) <= 1e-4, `${arch} step ${step} seq ${s}: logits differ`);
        assert.equal(next[row], argmax(ref, (ids.length - 1) * V, V));
        ids.push(next[row]!);
      }
      if (step === 3) {
        // sequence 1 leaves mid-way: the last row moves into its place
        const gone = rowOf[1]!;
        const moved = runner.remove(gone);
        rowOf = rowOf.map((r, s) => (s === 1 ? -1 : r === moved ? gone : r));
      }
      const tokens: number[] = [];
      rowOf.forEach((r, s) => r >= 0 && (tokens[r] = seqs[s]!.at(-1)!));
      const flat = await runner.decode(tokens);
      logits = tokens.map((_, r) => flat.slice(r * V, (r + 1) * V));
      next = logits.map((l) => argmax(l));
    }
    assert.equal(runner.rows, 2);
    assert.ok(runner.cache.capacity >= 16, 'the window grew past its minimum');
    await runner.release();
  });
}
