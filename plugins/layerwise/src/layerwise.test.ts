import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { labelsFor, loadBaseModel, mulberry32, ParameterStore, StepRunner, writeTinyRandomModel, type HostTensor } from '@edgetune/core';
import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import { sampleIds } from '@edgetune/core/plugin/conformance-models.ts';
import layerwise, { distanceFromTop } from './index.ts';

// Tiny models: 2 layers, hidden 32; GPT-2 MLP 128, Llama MLP 88 and KV width 16. All blocks + final norm.
const GPT2_LAYER = 64 + (32 * 96 + 96) + (32 * 32 + 32) + 64 + (32 * 128 + 128) + (128 * 32 + 32);
const LLAMA_LAYER = 32 + 32 * 32 + 2 * 16 * 32 + 32 * 32 + 32 + 3 * 88 * 32;

testMethodPlugin({
  plugin: layerwise,
  validConfigs: [{ unfreeze_every: 2, lr_decay: 0.5 }, {}, { embeddings: true, lr_decay: 1 }],
  invalidConfigs: [{ unfreeze_every: 0 }, { lr_decay: 0 }, { lr_decay: 1.5 }, { unfreeze_every: 2.5 }, { decay: 0.9 }],
  expectedTrainable: (arch) => (arch === 'gpt2' ? 2 * GPT2_LAYER + 64 : 2 * LLAMA_LAYER + 32),
});

const dir = mkdtempSync(join(tmpdir(), 'edgetune-layerwise-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('layerwise: block d starts changing at step d*K, with its first AdamW step of size lr*decay^d', async () => {
  const LAYERS = 4;
  const K = 2;
  const LR = 1e-2;
  const DECAY = 0.5;
  writeTinyRandomModel(dir, { arch: 'gpt2', vocabSize: 300, hidden: 32, layers: LAYERS, heads: 4, maxPositions: 32, seed: 1 });
  const model = loadBaseModel(dir);
  const config = layerwise.config.parse({ unfreeze_every: K, lr_decay: DECAY, embeddings: true });
  const params = new ParameterStore(mulberry32(0));
  const runner = await StepRunner.create(model, {
    batch: 2, seq: 8, params, method: { plugin: layerwise, config },
    optimizer: { type: 'adamw', lr: LR, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
    schedule: { type: 'constant', warmupSteps: 0, totalSteps: 20, minRatio: 0 },
  });
  const ids = sampleIds();
  const batch = { input_ids: ids, labels: labelsFor(ids) };
  const names = [...params.values.keys()];
  const distance = (n: string) => distanceFromTop(n, config, model.config)!;
  const firstChange = new Map<string, number>();
  const firstStepSize = new Map<number, number>();
  const steps = (LAYERS + 1) * K + 1; // embeddings (distance 4) join at step 8
  for (let s = 0; s < steps; s++) {
    const before = new Map<string, HostTensor>(names.map((n) => [n, params.values.get(n)!]));
    await runner.step(batch, s);
    for (const n of names) {
      const a = before.get(n)!.data as Float32Array;
      const b = params.values.get(n)!.data as Float32Array;
      let delta = 0;
      for (let i = 0; i < a.length; i++) delta = Math.max(delta, Math.abs(a[i]! - b[i]!));
      if (delta > 0 && !firstChange.has(n)) {
        firstChange.set(n, s);
        if (n.endsWith('.weight')) firstStepSize.set(distance(n), Math.max(firstStepSize.get(distance(n)) ?? 0, delta));
      }
    }
  }
  await runner.release();

  for (const n of names) assert.equal(firstChange.get(n), distance(n) * K, `${n} (distance ${distance(n)}) starts at step ${firstChange.get(n)}`);
  // AdamW's first step for a tensor moves each element by ~lr_t = lr * decay^d (|m/sqrt(v)| = 1), which also
  // shows each tensor counts its own step: a late joiner using the global t would move ~half as far.
  for (const [d, size] of firstStepSize) {
    const expected = LR * DECAY ** d;
    assert.ok(Math.abs(size - expected) / expected < 0.02, `distance ${d}: first step ${size}, expected ${expected}`);
  }
  assert.deepEqual([...firstStepSize.keys()].sort(), [0, 1, 2, 3, 4]);
});

test('layerwise: a held tensor keeps zero optimizer state until its block is unfrozen', async () => {
  const model = loadBaseModel(dir);
  const config = layerwise.config.parse({ unfreeze_every: 3 });
  const params = new ParameterStore(mulberry32(0));
  const runner = await StepRunner.create(model, {
    batch: 2, seq: 8, params, method: { plugin: layerwise, config },
    optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0.1 },
    schedule: { type: 'constant', warmupSteps: 0, totalSteps: 4, minRatio: 0 },
    maxGradNorm: 1,
  });
  const ids = sampleIds();
  const r = await runner.step({ input_ids: ids, labels: labelsFor(ids) }, 0);
  await runner.release();
  assert.ok(Number.isFinite(r.loss));
  const buf = (n: string) => runner.state.get(`${n}::momentum_buffer`)!.data as Float32Array;
  assert.ok(buf('transformer.h.3.mlp.c_fc.weight').some((x) => x !== 0), 'top block trained');
  assert.ok(buf('transformer.h.0.mlp.c_fc.weight').every((x) => x === 0), 'bottom block held, weight decay did not leak into momentum');
});

test('layerwise: the save/load format is native with HF names', () => {
  const config = layerwise.config.parse({});
  const files = layerwise.save({ method: 'layerwise', config, tensors: new Map() });
  assert.deepEqual(files.config, { unfreeze_every: 100, lr_decay: 0.9, embeddings: false, peft_type: null, task_type: 'CAUSAL_LM', edgetune_format: 1, edgetune_method: 'layerwise' });
  assert.ok(layerwise.load(files));
});
