import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadBaseModel, type BaseModel } from '../engine/base-model.ts';
import { labelsFor } from '../engine/forward.ts';
import { hostTensor, type HostTensor } from '../graph/index.ts';
import { methods, ParameterStore } from '../plugin/index.ts';
import { mulberry32, writeTinyRandomModel } from '../weights/index.ts';
import { layerDecayScale } from './layer-decay.ts';
import type { OptimizerConfig } from './optimizer-config.ts';
import { StepRunner, type Batch } from './step-runner.ts';
import type { StepGraphSpec } from './step-graph.ts';

let dir: string;
let model: BaseModel;
const SGD: OptimizerConfig = { type: 'sgd', lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 };
const ADAM: OptimizerConfig = { type: 'adamw', lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgetune-runner-'));
  writeTinyRandomModel(join(dir, 'm'), { arch: 'gpt2', vocabSize: 300, hidden: 32, layers: 2, heads: 2, maxPositions: 16, seed: 3 });
  model = loadBaseModel(join(dir, 'm'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** [rows, 8] random ids (every label scored, so micro-batch means average to the full-batch mean). */
function batchOf(rows: number, seed: number): Batch {
  const r = mulberry32(seed);
  const ids = hostTensor('int64', [rows, 8], BigInt64Array.from({ length: rows * 8 }, () => BigInt(1 + Math.floor(r() * 290))));
  return { input_ids: ids, labels: labelsFor(ids) };
}
const rowsOf = (b: Batch, from: number, to: number): Batch => {
  const cut = (t: HostTensor) => hostTensor('int64', [to - from, 8], (t.data as BigInt64Array).slice(from * 8, to * 8));
  return { input_ids: cut(b.input_ids), labels: cut(b.labels) };
};

async function runner(extra: Partial<StepGraphSpec> & { batch: number }, params = new ParameterStore(mulberry32(0))) {
  const lora = await methods.get('lora');
  return StepRunner.create(model, {
    seq: 8, params, method: { plugin: lora, config: lora.config.parse({ r: 4, lora_alpha: 8 }) },
    optimizer: SGD, schedule: { type: 'constant', warmupSteps: 0, totalSteps: 10, minRatio: 0 }, ...extra,
  });
}
const maxDiff = (a: HostTensor, b: HostTensor) => Math.max(...(a.data as Float32Array).map((x, i) => Math.abs(x - (b.data as Float32Array)[i]!)));

test('gradient accumulation: 2 micro-batches of 2 rows make the same SGD step as one batch of 4', async () => {
  const full = await runner({ batch: 4 });
  const acc = await runner({ batch: 2, accumulate: true });
  // The same with loss scaling: the update graph divides the summed, scaled gradients by count x scale.
  const scaled = await runner({ batch: 2, accumulate: true, lossScaling: true });
  for (let s = 0; s < 3; s++) {
    const b = batchOf(4, s);
    const a = await full.step(b, s);
    const m = await acc.step([rowsOf(b, 0, 2), rowsOf(b, 2, 4)], s);
    const ms = await scaled.step([rowsOf(b, 0, 2), rowsOf(b, 2, 4)], s, { lossScale: 256 });
    assert.ok(Math.abs(a.loss - m.loss) < 1e-6, `step ${s}: loss ${a.loss} vs ${m.loss}`);
    for (const x of [m, ms]) assert.ok(Math.abs(a.gradNorm - x.gradNorm) < 1e-6 * a.gradNorm, `step ${s}: grad norm ${a.gradNorm} vs ${x.gradNorm}`);
  }
  for (const [name, t] of full.params.values) {
    assert.ok(maxDiff(t, acc.params.values.get(name)!) < 1e-6, name);
    assert.ok(maxDiff(t, scaled.params.values.get(name)!) < 1e-6, name);
  }
  await scaled.release();
  assert.ok([...acc.params.values].some(([n, t]) => n.includes('lora_B') && (t.data as Float32Array).some((x) => x !== 0)));
  await assert.rejects(full.step([batchOf(4, 0), batchOf(4, 1)], 3), /accumulate/);
  await full.release();
  await acc.release();
});

test('lr_factor scales the scheduled learning rate inside the graph', async () => {
  const a = await runner({ batch: 2 });
  const b = await runner({ batch: 2 });
  const ra = await a.step(batchOf(2, 9), 0);
  const rb = await b.step(batchOf(2, 9), 0, { lrFactor: 0.25 });
  assert.ok(Math.abs(rb.lr - 0.025) < 1e-9 && Math.abs(ra.lr - 0.1) < 1e-8, `${ra.lr} ${rb.lr}`);
  // SGD without momentum: the update is lr * grad, so a quarter of the rate moves B a quarter as far.
  for (const [name, t] of a.params.values) {
    if (!name.includes('lora_B')) continue;
    (t.data as Float32Array).forEach((x, i) => assert.ok(Math.abs(x / 4 - (b.params.values.get(name)!.data as Float32Array)[i]!) < 1e-7, `${name}[${i}]: ${x} ${(b.params.values.get(name)!.data as Float32Array)[i]}`));
  }
  await a.release();
  await b.release();
});

test('loss scaling: a power-of-two scale changes nothing; an overflowing one skips the step', async () => {
  const plain = await runner({ batch: 2, optimizer: ADAM });
  const scaled = await runner({ batch: 2, optimizer: ADAM, lossScaling: true });
  for (let s = 0; s < 3; s++) {
    const [a, b] = [await plain.step(batchOf(2, s), s), await scaled.step(batchOf(2, s), s, { lossScale: 1024 })];
    assert.equal(b.loss, a.loss);
    assert.ok(b.finite);
    assert.ok(Math.abs(a.gradNorm - b.gradNorm) < 1e-6 * a.gradNorm);
  }
  for (const [name, t] of plain.params.values) assert.ok(maxDiff(t, scaled.params.values.get(name)!) < 1e-7, name);
  const before = new Map(scaled.params.values);
  const state = new Map(scaled.state);
  // A float32 scale of 2^128 (inf) overflows every gradient, as fp16 does past 65504.
  const r = await scaled.step(batchOf(2, 7), 3, { lossScale: 2 ** 128 });
  assert.equal(r.finite, false, `grad norm ${r.gradNorm}`);
  for (const [name, t] of before) assert.deepEqual(scaled.params.values.get(name)!.data, t.data, `${name} held`);
  for (const [name, t] of state) assert.deepEqual(scaled.state.get(name)!.data, t.data, `${name} held`);
  await plain.release();
  await scaled.release();
});

test('layer-wise LR decay: a block d below the top takes AdamW steps of lr * decay^d', async () => {
  assert.equal(layerDecayScale('base_model.model.transformer.h.0.attn.c_attn.lora_A.weight', 0.5, 4), 0.125);
  assert.equal(layerDecayScale('base_model.model.model.layers.3.self_attn.q_proj.lora_B.weight', 0.5, 4), 1);
  assert.equal(layerDecayScale('transformer.wte.weight', 0.5, 4), 0.0625);
  assert.equal(layerDecayScale('transformer.ln_f.weight', 0.5, 4), 1);
  assert.equal(layerDecayScale('prompt_embeddings', 0.5, 4), 1);
  const r = await runner({ batch: 2, optimizer: ADAM, layerLrDecay: 0.5 });
  await r.step(batchOf(2, 1), 0);
  // B starts at 0 and AdamW's first step is ~lr * sign(grad): the largest |B| is the step size.
  const stepOf = (layer: number) => Math.max(...[...r.params.values].filter(([n]) => n.includes(`h.${layer}.`) && n.includes('lora_B'))
    .flatMap(([, t]) => [...(t.data as Float32Array)].map(Math.abs)));
  assert.ok(Math.abs(stepOf(1) - 1e-2) < 1e-5, `top block ${stepOf(1)}`);
  assert.ok(Math.abs(stepOf(0) - 5e-3) < 1e-5, `block below ${stepOf(0)}`);
  await r.release();
});
