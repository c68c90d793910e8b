import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradCheck } from '../autodiff/grad-check.ts';
import type { LossGraph } from '../engine/loss-graph.ts';
import { CompiledGraph, Graph, hostTensor, scalarValue, type Value } from '../graph/index.ts';
import { causalLMLoss } from '../models/index.ts';
import { distillKl, labelSmoothed, scoredRows } from './loss-terms.ts';

// logits [1, 4, 3]; labels [1, 4]: position t scores labels[t+1], so rows 0 and 2 count (row 1's next is -100).
const LOGITS = [0.2, -1, 0.5, 1.5, 0.3, -0.4, -0.7, 0.9, 0.1, 2, -2, 0];
const LABELS = [7, 2, -100, 1];
const TEACHER = [1, 0, -1, 0.5, 0.5, 0.5, -0.3, 0.2, 1.1, 0, 0, 0];

const fakeLg = (logits: Value) => ({ g: logits.graph, logits, virtualTokens: 0 }) as unknown as LossGraph;
const logSoftmax = (row: number[]) => {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
  return row.map((x) => x - lse);
};
const row = (xs: number[], r: number) => xs.slice(r * 3, r * 3 + 3);
const SCORED: [number, number][] = [[0, 2], [2, 1]]; // [row, its next-token label]

async function evaluate(build: (logits: Value, labels: Value, teacher: Value) => Value): Promise<number> {
  const g = new Graph();
  const logits = g.input('logits', 'float32', [1, 4, 3]);
  const labels = g.input('labels', 'int64', [1, 4]);
  const teacher = g.input('teacher', 'float32', [4, 3]);
  g.output(build(logits, labels, teacher), 'y');
  const s = await CompiledGraph.create(g);
  const out = await s.run({
    logits: hostTensor('float32', [1, 4, 3], Float32Array.from(LOGITS)), labels: hostTensor('int64', [1, 4], BigInt64Array.from(LABELS.map(BigInt))),
    teacher: hostTensor('float32', [4, 3], Float32Array.from(TEACHER)),
  });
  await s.release();
  return scalarValue(out.y!);
}

test('label smoothing matches (1-ε)·NLL + ε·mean(-log p) over the scored rows, by hand', async () => {
  const eps = 0.2;
  const hand = SCORED.map(([r, y]) => {
    const lp = logSoftmax(row(LOGITS, r));
    return (1 - eps) * -lp[y]! + eps * -(lp.reduce((a, b) => a + b) / 3);
  }).reduce((a, b) => a + b) / SCORED.length;
  const got = await evaluate((logits, labels) => labelSmoothed(causalLMLoss(logits, labels), scoredRows(fakeLg(logits)), eps));
  assert.ok(Math.abs(got - hand) < 1e-6, `${got} vs ${hand}`);
  const plain = await evaluate((logits, labels) => labelSmoothed(causalLMLoss(logits, labels), scoredRows(fakeLg(logits)), 0));
  assert.ok(Math.abs(plain - SCORED.map(([r, y]) => -logSoftmax(row(LOGITS, r))[y]!).reduce((a, b) => a + b) / 2) < 1e-6);
});

test('the distillation term is T²·KL(teacher || student) at temperature T, over the scored rows', async () => {
  const T = 2;
  const hand = SCORED.map(([r]) => {
    const ls = logSoftmax(row(LOGITS, r).map((x) => x / T));
    const lt = logSoftmax(row(TEACHER, r).map((x) => x / T));
    return lt.reduce((s, l, v) => s + Math.exp(l) * (l - ls[v]!), 0);
  }).reduce((a, b) => a + b) / SCORED.length * T * T;
  const got = await evaluate((logits, _labels, teacher) => distillKl(scoredRows(fakeLg(logits)), teacher, T));
  assert.ok(hand > 0.01);
  assert.ok(Math.abs(got - hand) < 1e-6, `${got} vs ${hand}`);
});

test('label smoothing and distillation gradients agree with finite differences', async () => {
  const inputs = [
    { name: 'logits', shape: [1, 4, 3], range: [-2, 2] as [number, number] },
    { name: 'labels', shape: [1, 4], ints: LABELS },
    { name: 'teacher', shape: [4, 3], range: [-2, 2] as [number, number] },
  ];
  const smooth = await gradCheck(inputs.slice(0, 2), ([logits, labels]) => labelSmoothed(causalLMLoss(logits!, labels!), scoredRows(fakeLg(logits!)), 0.1));
  assert.ok(smooth.maxError < 1e-6, `label smoothing: max error ${smooth.maxError}`);
  const kd = await gradCheck(inputs, ([logits, , teacher]) => distillKl(scoredRows(fakeLg(logits!)), teacher!, 3));
  assert.ok(kd.maxError < 1e-6, `max error ${kd.maxError}`);
});
