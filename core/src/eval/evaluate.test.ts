import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildLossGraph } from '../engine/loss-graph.ts';
import { runForward } from '../engine/forward.ts';
import { CompiledGraph, hostTensor, type HostTensor } from '../graph/index.ts';
import type { TaskAdapter, TaskSpec } from '../heads/index.ts';
import { accuracyScore, f1Score, meanSquaredError, perplexityFromNll, tokenAccuracy } from '../metrics/index.ts';
import { tinyModel } from '../plugin/conformance-models.ts';
import { methods, ParameterStore } from '../plugin/index.ts';
import { loadTokenizer } from '../tokenizer/index.ts';
import { mulberry32 } from '../weights/index.ts';
import { evaluate } from './evaluate.ts';
import { argmax } from './predict.ts';

const model = tinyModel('gpt2');
const tok = loadTokenizer(model.dir);

async function randomAdapter(task: TaskSpec, labels?: string[]): Promise<TaskAdapter> {
  const plugin = await methods.get('lora');
  const config = plugin.config.parse({ r: 2, target_modules: ['c_attn', 'c_fc'], init_lora_weights: false });
  const params = new ParameterStore(mulberry32(11));
  buildLossGraph(model, { batch: 1, seq: 2, params, task, method: { plugin, config } });
  // A wide head so the random logits differ clearly between rows.
  for (const [k, v] of params.values) if (k.includes('modules_to_save')) (v.data as Float32Array).forEach((x, i, a) => (a[i] = x * 50));
  return { plugin, config, tensors: new Map(params.values), task, labels };
}

/** Logits of one unpadded example [1, T]: the reference that batching and padding must reproduce. */
async function single(a: TaskAdapter, ids: number[], labels: HostTensor): Promise<Float32Array> {
  const params = new ParameterStore();
  for (const [k, v] of a.tensors) params.values.set(k, v);
  const lg = buildLossGraph(model, { batch: 1, seq: ids.length, params, task: a.task, method: { plugin: a.plugin, config: a.config } });
  lg.g.output(lg.logits, 'logits');
  const s = await CompiledGraph.create(lg.g);
  try {
    const out = await s.run({ input_ids: hostTensor('int64', [1, ids.length], BigInt64Array.from(ids.map(BigInt))), labels, ...params.feeds() });
    return out.logits!.data as Float32Array;
  } finally {
    await s.release();
  }
}

const TEXTS = ['a good day', 'bad', 'the food was fine', 'so so', 'terrible service here', 'great!', 'ok then', 'meh'];

describe('evaluate', () => {
  test('sequence classification: padded batches give the metrics of unpadded single rows; names map to indices', async () => {
    const a = await randomAdapter({ type: 'sequence-classification', numLabels: 2 }, ['neg', 'pos']);
    const records = TEXTS.map((text, i) => ({ text, label: i % 3 === 0 ? 'pos' : i % 3 === 1 ? 'neg' : 1 }));
    const yTrue = records.map((r) => (r.label === 'neg' ? 0 : 1));
    const yPred: number[] = [];
    for (const r of records) yPred.push(argmax([...(await single(a, tok.encode(r.text), hostTensor('int64', [1], BigInt64Array.of(0n))))]));
    assert.ok(new Set(yPred).size === 2, `the random head should predict both classes: ${yPred}`);
    for (const batch of [3, 16]) {
      const r = await evaluate({ model, adapter: a, records, batch });
      assert.deepEqual(r.task, a.task);
      assert.equal(r.examples, TEXTS.length);
      assert.equal(r.metrics.accuracy, accuracyScore(yTrue, yPred), `batch ${batch}`);
      assert.ok(Math.abs((r.metrics.f1_macro as number) - f1Score(yTrue, yPred, { average: 'macro' })) < 1e-12);
      assert.equal(typeof r.metrics.roc_auc, 'number');
      assert.deepEqual((r.metrics.confusion_matrix as number[][]).flat().reduce((x, y) => x + y), TEXTS.length);
    }
    await assert.rejects(evaluate({ model, adapter: a, records: [{ text: 'x', label: 'maybe' }] }), /unknown label 'maybe'/);
    await assert.rejects(evaluate({ model, adapter: a, records: [{ text: 'x' }] }), /data:1: a sequence-classification record is \{"text", "label"\}; label/);
    await assert.rejects(evaluate({ model, adapter: a, records, task: { type: 'regression' } }), /trained for sequence-classification \(2 labels\), not regression/);
  });

  test('regression: MAE/MSE/RMSE/R² of the pooled output', async () => {
    const a = await randomAdapter({ type: 'regression' });
    const records = TEXTS.map((text, i) => ({ text, value: i / 2 - 1 }));
    const preds: number[] = [];
    for (const r of records) preds.push((await single(a, tok.encode(r.text), hostTensor('float32', [1], Float32Array.of(0))))[0]!);
    const r = await evaluate({ model, adapter: a, records, batch: 5 });
    const mse = meanSquaredError(records.map((x) => x.value), preds);
    assert.ok(Math.abs((r.metrics.mse as number) - mse) <= 1e-5 * mse, `${r.metrics.mse} vs ${mse}`);
    assert.ok(Math.abs((r.metrics.rmse as number) - Math.sqrt(mse)) <= 1e-5);
    assert.deepEqual(Object.keys(r.metrics), ['mae', 'mse', 'rmse', 'r2']);
  });

  test('token classification: first sub-token of each word, token accuracy and entity F1', async () => {
    const tags = ['O', 'B-PER', 'I-PER'];
    const a = await randomAdapter({ type: 'token-classification', numLabels: 3 }, tags);
    const records = [
      { tokens: ['alice', 'met', 'bob', 'jones'], tags: ['B-PER', 'O', 'B-PER', 'I-PER'] },
      { tokens: ['hello', 'world'], tags: ['O', 'O'] },
      { tokens: ['carol'], tags: ['B-PER'] },
    ];
    const gold: string[][] = [];
    const pred: string[][] = [];
    for (const r of records) {
      const ids: number[] = [];
      const first: number[] = [];
      r.tokens.forEach((w, i) => {
        first.push(ids.length);
        ids.push(...tok.encode(i === 0 ? w : ` ${w}`, { addSpecialTokens: false }));
      });
      const logits = await single(a, ids, hostTensor('int64', [1, ids.length], new BigInt64Array(ids.length).fill(-100n)));
      pred.push(first.map((p) => tags[argmax([...logits.subarray(p * 3, p * 3 + 3)])]!));
      gold.push(r.tags);
    }
    const r = await evaluate({ model, adapter: a, records, batch: 2 });
    assert.equal(r.metrics.token_accuracy, tokenAccuracy(gold, pred));
    assert.ok(typeof r.metrics.entity_f1 === 'number' && typeof r.metrics.loss === 'number');
    await assert.rejects(evaluate({ model, adapter: { ...a, labels: undefined }, records }), /needs the tag names/);
  });

  test('causal LM: loss and perplexity over every scored token; teacher-forced exact match on completions', async () => {
    // The random tiny GPT-2 tends to predict its current token again (tied embeddings dominate), so the first
    // completion is half right (its EOS is missed) and the second, EOS after EOS, is an exact match.
    const records = [{ text: 'the cat sat' }, { prompt: 'q: aa', completion: 'a' }, { prompt: 'q: a<|endoftext|>', completion: '<|endoftext|>' }];
    const eos = tok.eosTokenId!;
    const rows = [
      { ids: [...tok.encode('the cat sat'), eos], from: 1 },
      ...records.slice(1).map((r) => {
        const p = tok.encode((r as { prompt: string }).prompt);
        const c = tok.encode((r as { completion: string }).completion, { addSpecialTokens: false });
        return { ids: [...p, ...c, ...(c[c.length - 1] === eos ? [] : [eos])], from: p.length };
      }),
    ];
    const nll: number[] = [];
    const hits: number[][] = [];
    for (const row of rows) {
      const out = await runForward({ model, inputIds: hostTensor('int64', [1, row.ids.length], BigInt64Array.from(row.ids.map(BigInt))) });
      const logits = out.get('logits')!.data as Float32Array;
      const v = model.config.vocabSize;
      const h: number[] = [];
      for (let t = row.from; t < row.ids.length; t++) {
        const prev = [...logits.subarray((t - 1) * v, t * v)];
        const m = Math.max(...prev);
        nll.push(m + Math.log(prev.reduce((s, x) => s + Math.exp(x - m), 0)) - prev[row.ids[t]!]!);
        h.push(argmax(prev) === row.ids[t] ? 1 : 0);
      }
      hits.push(h);
    }
    const r = await evaluate({ model, records, batch: 2 });
    assert.deepEqual(r.task, { type: 'causal-lm' });
    const ppl = perplexityFromNll(nll);
    assert.ok(Math.abs((r.metrics.perplexity as number) - ppl) <= 1e-5 * ppl, `${r.metrics.perplexity} vs ${ppl}`);
    assert.equal(r.metrics.token_accuracy, hits.flat().reduce((x, y) => x + y) / hits.flat().length);
    assert.equal(r.metrics.exact_match, hits.slice(1).filter((h) => h.every((x) => x === 1)).length / 2);
    assert.deepEqual(hits.slice(1), [[1, 0], [1]], 'the reference itself: one partial and one exact completion');
    assert.equal(r.metrics.exact_match, 0.5);
  });
});
