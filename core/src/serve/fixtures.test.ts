import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadBaseModel } from '../engine/base-model.ts';
import { readAdapterDir } from '../engine/adapter-dir.ts';
import { HF_FIXTURES } from '../plugin/conformance-models.ts';
import { readSafetensors } from '../weights/index.ts';
import { prepareAdapter } from './prepare.ts';
import { ServeRunner } from './runner.ts';
import { maxDiff } from './test-support.ts';

const ADAPTERS = ['lora', 'lora-rslora', 'dora', 'ia3', 'prompt-tuning', 'p-tuning', 'prefix-tuning'];

// The PEFT fixtures served as hot-swapped inputs: every position's logits (virtual tokens included, as
// PEFT returns them) match what transformers + PEFT computed, within 1e-4; the base model's too.
for (const name of ['tiny-gpt2', 'tiny-llama']) {
  test(`PEFT fixtures ${name}: served logits equal the fixture's`, async () => {
    const dir = join(HF_FIXTURES, name);
    assert.ok(existsSync(dir), `fixtures missing at ${dir}`);
    const model = loadBaseModel(dir);
    const runner = new ServeRunner(model, { maxRows: 2 });
    const check = async (label: string, expectedDir: string, adapter: ReturnType<typeof prepareAdapter> | null) => {
      const exp = readSafetensors(join(expectedDir, 'expected.safetensors')).tensors;
      const ids = exp.get('input_ids')!;
      const [B, T] = ids.shape as [number, number];
      const rows = Array.from({ length: B }, (_, b) => ({ adapter, ids: Array.from(ids.data.subarray(b * T, (b + 1) * T), Number) }));
      const got = await runner.logits(rows);
      const want = exp.get('logits')!;
      assert.deepEqual(got.shape, want.shape, `${label}: logits shape`);
      const err = maxDiff(got.data as Float32Array, 0, want.data as Float32Array, 0, want.data.length);
      assert.ok(err <= 1e-4, `${label}: served logits differ from the fixture by ${err}`);
    };
    await check(`${name} base`, join(dir, 'expected'), null);
    for (const a of ADAPTERS) {
      const adir = join(dir, 'adapters', a);
      await check(`${name}/${a}`, join(adir, 'expected'), prepareAdapter(a, readAdapterDir(adir), model));
    }
    await runner.release();
  });
}
