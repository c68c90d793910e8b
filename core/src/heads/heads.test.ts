import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gradients } from '../autodiff/index.ts';
import type { BaseModel } from '../engine/base-model.ts';
import { buildLossGraph } from '../engine/loss-graph.ts';
import { CompiledGraph, Graph, hostTensor, type HostTensor } from '../graph/index.ts';
import { causalLM, FrozenWeights, ModelHooks } from '../models/index.ts';
import { tinyModel } from '../plugin/conformance-models.ts';
import { methods, ParameterStore } from '../plugin/index.ts';
import { mulberry32 } from '../weights/index.ts';
import { headMemoryName } from './names.ts';
import type { TaskSpec } from './task.ts';

const B = 3;
const T = 6;
const ids = hostTensor('int64', [B, T], BigInt64Array.from({ length: B * T }, (_, i) => BigInt((i * 37 + 11) % 300)));
// Row 0: no padding; row 1: right-padded after 3 tokens; row 2: left-padded by 2.
const mask = hostTensor('int64', [B, T], BigInt64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1].map(BigInt)));
const LAST = [5, 2, 5];

async function runGraph(g: Graph, feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
  const s = await CompiledGraph.create(g);
  try {
    return await s.run(feeds);
  } finally {
    await s.release();
  }
}

/** The trunk's final hidden states [B, T, C], straight from the model builder. */
async function hiddenStates(model: BaseModel, withMask: boolean): Promise<Float32Array> {
  const g = new Graph('trunk');
  const inputIds = g.input('input_ids', 'int64', [B, T]);
  const attentionMask = withMask ? g.input('attention_mask', 'int64', [B, T]) : undefined;
  const ctx = { g, config: model.config, weights: new FrozenWeights(g, model.tensors), hooks: new ModelHooks() };
  g.output(causalLM(ctx, { inputIds, attentionMask }).hidden, 'hidden');
  return (await runGraph(g, withMask ? { input_ids: ids, attention_mask: mask } : { input_ids: ids })).hidden!.data as Float32Array;
}

async function headForward(model: BaseModel, task: TaskSpec, labels: HostTensor, withMask = true, params = new ParameterStore(mulberry32(7))) {
  const lg = buildLossGraph(model, { batch: B, seq: T, attentionMask: withMask, params, task });
  lg.g.output(lg.logits, 'logits');
  lg.g.output(lg.loss, 'loss');
  const feeds: Record<string, HostTensor> = { input_ids: ids, labels, ...params.feeds() };
  if (withMask) feeds.attention_mask = mask;
  const out = await runGraph(lg.g, feeds);
  return { logits: out.logits!, loss: Number(out.loss!.data[0]), params };
}

/** x [C] · W[n] for every row n of W [N, C] (+ bias). */
function project(hidden: Float32Array, offset: number, w: HostTensor, bias?: HostTensor): number[] {
  const [n, c] = w.shape as [number, number];
  return Array.from({ length: n }, (_, k) => {
    let s = bias ? Number(bias.data[k]) : 0;
    for (let j = 0; j < c; j++) s += hidden[offset + j]! * Number(w.data[k * c + j]);
    return s;
  });
}

function logSoftmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const lse = m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
  return xs.map((x) => x - lse);
}

const close = (a: number, b: number, tol = 2e-5) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

for (const arch of ['gpt2', 'llama'] as const) {
  describe(`task heads on ${arch}`, () => {
    const model = tinyModel(arch);
    const c = model.config.hidden;

    test('sequence classification pools the last real token (right and left padding) and takes the mean CE', async () => {
      const labels = hostTensor('int64', [B], BigInt64Array.from([2n, 0n, 1n]));
      const { logits, loss, params } = await headForward(model, { type: 'sequence-classification', numLabels: 3 }, labels);
      assert.deepEqual(logits.shape, [B, 3]);
      const w = params.values.get(headMemoryName('score', 'weight'))!;
      assert.deepEqual(w.shape, [3, c]);
      assert.equal(params.values.size, 1, 'the head is the only trainable tensor; score has no bias');
      const hidden = await hiddenStates(model, true);
      let ce = 0;
      for (let b = 0; b < B; b++) {
        const expected = project(hidden, (b * T + LAST[b]!) * c, w);
        expected.forEach((x, k) => assert.ok(close(Number(logits.data[b * 3 + k]), x), `row ${b} label ${k}: ${logits.data[b * 3 + k]} vs ${x}`));
        ce -= logSoftmax(expected)[Number(labels.data[b])]!;
      }
      assert.ok(close(loss, ce / B), `loss ${loss} vs ${ce / B}`);
      // Pooling any other position would give different logits: make sure the rows are distinguishable.
      const wrong = project(hidden, (1 * T + 5) * c, w);
      assert.ok(Math.abs(wrong[0]! - Number(logits.data[3])) > 1e-4);
    });

    test('without a mask it pools at the rightmost non-pad token (config pad id), else at T - 1', async () => {
      const labels = hostTensor('int64', [B], new BigInt64Array(B));
      const hidden = await hiddenStates(model, false);
      // Make row 1 end in pad tokens: with pad = its 4th token, the rightmost non-pad is index 5 unless padded.
      const pad = Number(ids.data[1 * T + 5]);
      const padded: BaseModel = { ...model, config: { ...model.config, padTokenId: pad } };
      for (const [m, lastOfRow1] of [[model, 5], [padded, 4]] as const) {
        const { logits, params } = await headForward(m, { type: 'sequence-classification', numLabels: 2 }, labels, false);
        const w = params.values.get(headMemoryName('score', 'weight'))!;
        const expected = project(hidden, (1 * T + lastOfRow1) * c, w);
        expected.forEach((x, k) => assert.ok(close(Number(logits.data[2 + k]), x), `pad ${m.config.padTokenId}: ${logits.data[2 + k]} vs ${x}`));
      }
    });

    test('regression: one output, MSE against float targets', async () => {
      const targets = hostTensor('float32', [B], Float32Array.from([0.5, -1, 2]));
      const { logits, loss } = await headForward(model, { type: 'regression' }, targets);
      assert.deepEqual(logits.shape, [B, 1]);
      const mse = [0, 1, 2].reduce((a, b) => a + (Number(logits.data[b]) - Number(targets.data[b])) ** 2, 0) / B;
      assert.ok(close(loss, mse), `loss ${loss} vs ${mse}`);
    });

    test('token classification: a biased linear on every position, CE with -100 ignored', async () => {
      const task: TaskSpec = { type: 'token-classification', numLabels: 5 };
      const tags = Array.from({ length: B * T }, (_, i) => (i % 4 === 3 ? -100 : i % 5));
      const labels = hostTensor('int64', [B, T], BigInt64Array.from(tags.map(BigInt)));
      const params = new ParameterStore(mulberry32(7));
      buildLossGraph(model, { batch: B, seq: T, attentionMask: true, params, task }); // declares the head
      const module = arch === 'gpt2' ? 'classifier' : 'score';
      const w = params.values.get(headMemoryName(module, 'weight'))!;
      const bias = params.values.get(headMemoryName(module, 'bias'))!;
      assert.deepEqual([w.shape, bias.shape], [[5, c], [5]]);
      assert.ok(bias.data.every((x) => x === 0), 'bias starts at zero');
      (bias.data as Float32Array).set([0.1, -0.2, 0.3, 0, 0.5]); // must show up in the logits
      const { logits, loss } = await headForward(model, task, labels, true, params);
      assert.deepEqual(logits.shape, [B, T, 5]);
      const hidden = await hiddenStates(model, true);
      let ce = 0;
      let n = 0;
      for (let i = 0; i < B * T; i++) {
        const expected = project(hidden, i * c, w, bias);
        expected.forEach((x, k) => assert.ok(close(Number(logits.data[i * 5 + k]), x), `position ${i} tag ${k}`));
        if (tags[i] !== -100) {
          ce -= logSoftmax(expected)[tags[i]!]!;
          n++;
        }
      }
      assert.ok(close(loss, ce / n), `loss ${loss} vs ${ce / n}`);
    });
  });
}

describe('gradients through the pooled head', () => {
  test('LoRA + score gradients match central differences (pooling scatters back to the right position)', async () => {
    const model = tinyModel('gpt2');
    const lora = await methods.get('lora');
    const config = lora.config.parse({ r: 4, lora_alpha: 8, target_modules: ['c_attn', 'c_fc'], init_lora_weights: false });
    const params = new ParameterStore(mulberry32(3));
    const task: TaskSpec = { type: 'sequence-classification', numLabels: 3 };
    const lg = buildLossGraph(model, { batch: B, seq: T, attentionMask: true, params, task, method: { plugin: lora, config } });
    assert.ok(lg.params.some((p) => p.name === headMemoryName('score', 'weight')));
    const grads = gradients(lg.loss, lg.params);
    lg.g.output(lg.loss, 'loss');
    lg.params.forEach((p, i) => lg.g.output(grads[i]!, `grad.${p.name}`));
    const session = await CompiledGraph.create(lg.g);
    const labels = hostTensor('int64', [B], BigInt64Array.from([2n, 0n, 1n]));
    const at = (d: Map<string, Float32Array>, eps: number) => {
      const feeds: Record<string, HostTensor> = { input_ids: ids, attention_mask: mask, labels };
      for (const p of lg.params) {
        const t = params.values.get(p.name)!;
        feeds[p.name] = hostTensor('float32', t.shape, Float32Array.from(t.data as Float32Array, (x, i) => x + eps * d.get(p.name)![i]!));
      }
      return session.run(feeds);
    };
    try {
      const zero = new Map(lg.params.map((p) => [p.name, new Float32Array(params.values.get(p.name)!.data.length)]));
      const out = await at(zero, 0);
      // Direction: the LoRA gradient only (the score gradient alone would not test the pooling VJP).
      const dir = new Map(lg.params.map((p) => [p.name, p.name.includes('lora') ? Float32Array.from(out[`grad.${p.name}`]!.data as Float32Array) : new Float32Array(params.values.get(p.name)!.data.length)]));
      const norm = Math.sqrt([...dir.values()].reduce((a, v) => a + v.reduce((s, x) => s + x * x, 0), 0));
      assert.ok(norm > 1e-6, 'LoRA gets a gradient through the pooled position');
      for (const v of dir.values()) v.forEach((x, i) => (v[i] = x / norm));
      const eps = 1e-2;
      const numeric = (Number((await at(dir, eps)).loss!.data[0]) - Number((await at(dir, -eps)).loss!.data[0])) / (2 * eps);
      assert.ok(Math.abs(numeric - norm) <= 2e-2 * norm + 1e-4, `analytic ${norm}, numeric ${numeric}`);
    } finally {
      await session.release();
    }
  });

  test('causal LM stays the default; a head declares only its own PEFT-named tensors and labels of its shape', () => {
    const params = new ParameterStore(mulberry32(1));
    const lm = buildLossGraph(tinyModel('llama'), { batch: 2, seq: 4, params });
    assert.deepEqual(lm.logits.shape, [2, 4, 300]);
    assert.deepEqual(lm.g.inputs.find((v) => v.name === 'labels')?.shape, [2, 4]);
    assert.equal(params.values.size, 0);
    const reg = buildLossGraph(tinyModel('llama'), { batch: 2, seq: 4, params, task: { type: 'regression' } });
    assert.deepEqual(reg.params.map((p) => p.name), ['base_model.model.score.modules_to_save.default.weight']);
    const labels = reg.g.inputs.find((v) => v.name === 'labels')!;
    assert.deepEqual([labels.dtype, labels.shape], ['float32', [2]]);
  });
});
