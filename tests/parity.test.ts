import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  loadBaseModel, methods, ParameterStore, readAdapterDir, runForward, StepRunner, labelsFor, type HostTensor,
} from '@edgetune/core';
import { HF, maxAbsDiff, readExpected, relError, requireFixtures } from './fixtures.ts';

// Parity with transformers 5.17 + PEFT 0.21 (../shared/fixtures/hf). Tolerances are the acceptance ones.
requireFixtures();
const MODELS = ['tiny-gpt2', 'tiny-llama'];

for (const name of MODELS) {
  test(`${name}: logits and loss match transformers, unpadded and left-padded`, async () => {
    const dir = join(HF, name);
    const exp = readExpected(dir);
    const model = loadBaseModel(dir);
    const out = await runForward({ model, inputIds: exp.get('input_ids')! });
    assert.ok(maxAbsDiff(out.get('logits')!, exp.get('logits')!) <= 1e-4, 'logits within 1e-4');
    assert.ok(Math.abs(Number(out.get('loss')!.data[0]) - Number(exp.get('loss')!.data[0])) <= 1e-5, 'loss within 1e-5');

    const mask = exp.get('attention_mask')!;
    const padded = await runForward({ model, inputIds: exp.get('input_ids')!, attentionMask: mask });
    const vocab = model.config.vocabSize;
    const attended = (i: number) => Number(mask.data[Math.floor(i / vocab)]) === 1;
    const err = maxAbsDiff(padded.get('logits')!, exp.get('logits_padded')!, attended);
    assert.ok(err <= 1e-4, `padded logits off by ${err}`);
  });
}

for (const name of MODELS) {
  for (const method of ['lora', 'lora-rslora']) {
    test(`${name}/${method}: logits, loss and every gradient match PEFT`, async () => {
      const dir = join(HF, name, 'adapters', method);
      const exp = readExpected(dir);
      const files = readAdapterDir(dir);
      const plugin = await methods.forAdapter(files.config);
      const out = await runForward({ model: loadBaseModel(join(HF, name)), adapter: { plugin, state: plugin.load(files)! }, inputIds: exp.get('input_ids')!, grads: true });
      assert.ok(maxAbsDiff(out.get('logits')!, exp.get('logits')!) <= 1e-4, 'logits within 1e-4');
      assert.ok(Math.abs(Number(out.get('loss')!.data[0]) - Number(exp.get('loss')!.data[0])) <= 1e-5, 'loss within 1e-5');
      const gradNames = [...exp.keys()].filter((k) => k.startsWith('grad.'));
      assert.ok(gradNames.length > 0);
      for (const k of gradNames) {
        assert.ok(out.has(k), `missing ${k}`);
        const e = relError(out.get(k)!, exp.get(k)!);
        assert.ok(e <= 1e-3, `${k}: relative error ${e}`);
      }
    });
  }
}

for (const name of MODELS) {
  test(`${name}/lora: 5 AdamW steps reproduce PEFT's losses and weights`, async () => {
    const dir = join(HF, name, 'adapters', 'lora');
    const exp = readExpected(dir);
    const adam = JSON.parse(readFileSync(join(dir, 'expected', 'expected.json'), 'utf8')).adamw;
    const files = readAdapterDir(dir);
    const plugin = await methods.get('lora');
    const state = plugin.load(files)!;
    const params = new ParameterStore();
    for (const [k, v] of state.tensors) params.values.set(k, v);
    const inputIds = exp.get('input_ids')!;
    const [batch, seq] = inputIds.shape as [number, number];
    const runner = await StepRunner.create(loadBaseModel(join(HF, name)), {
      batch, seq, params,
      method: { plugin, config: state.config },
      optimizer: { type: 'adamw', lr: adam.lr, beta1: adam.betas[0], beta2: adam.betas[1], eps: adam.eps, weightDecay: adam.weight_decay },
      schedule: { type: 'constant', warmupSteps: 0, totalSteps: adam.steps, minRatio: 0 },
    });
    const losses: number[] = [];
    for (let s = 0; s < adam.steps; s++) losses.push((await runner.step({ input_ids: inputIds, labels: labelsFor(inputIds) }, s)).loss);
    await runner.release();
    losses.forEach((l, i) => assert.ok(Math.abs(l - adam.losses[i]) <= 1e-4, `step ${i}: loss ${l} vs ${adam.losses[i]}`));
    for (const k of [...exp.keys()].filter((k) => k.startsWith('after_adamw.'))) {
      const got = params.values.get(k.slice('after_adamw.'.length)) as HostTensor;
      assert.ok(got, `no parameter ${k}`);
      const err = maxAbsDiff(got, exp.get(k)!);
      assert.ok(err <= 1e-4, `${k}: max abs error ${err}`);
    }
  });
}
