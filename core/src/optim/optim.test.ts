import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompiledGraph, Graph, hostTensor, ops, scalarValue } from '../graph/index.ts';
import { adamw } from './adamw.ts';
import { clipByGlobalNorm, globalNorm } from './clip.ts';
import { lrInGraph, lrMultiplier, ScheduleConfig } from './schedule.ts';
import { sgd } from './sgd.ts';

const p0 = [0.5, -1.25, 2];
const grads = [[0.1, -0.3, 0.05], [-0.2, 0.4, 0.1], [0.3, 0.3, -0.6]];

/** Runs one in-graph update `steps` times, feeding state back, like the trainer does. */
async function runUpdates(kind: 'adamw' | 'sgd', lr: number): Promise<number[]> {
  const g = new Graph();
  const p = g.input('p', 'float32', [3]);
  const grad = g.input('g', 'float32', [3]);
  const s0 = g.input('s0', 'float32', [3]);
  const s1 = g.input('s1', 'float32', [3]);
  const t = g.input('t', 'float32', []);
  const lrV = ops.mul(ops.add(ops.mul(t, 0), 1), lr);
  const u = kind === 'adamw'
    ? adamw(p, grad, s0, s1, lrV, t, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 })
    : sgd(p, grad, s0, lrV, { momentum: 0.9, nesterov: true, weightDecay: 0.1 });
  g.output(u.p, 'p_next');
  g.output(u.state[0]!, 's0_next');
  g.output(u.state[1] ?? ops.identity(s1), 's1_next');
  const s = await CompiledGraph.create(g);
  let state: Record<"p" | "s0" | "s1", Float32Array> = { p: Float32Array.from(p0), s0: new Float32Array(3), s1: new Float32Array(3) };
  for (let i = 0; i < grads.length; i++) {
    const out = await s.run({
      p: hostTensor('float32', [3], state.p), g: hostTensor('float32', [3], Float32Array.from(grads[i]!)),
      s0: hostTensor('float32', [3], state.s0), s1: hostTensor('float32', [3], state.s1), t: hostTensor('float32', [], Float32Array.of(i + 1)),
    });
    state = { p: out.p_next!.data as Float32Array, s0: out.s0_next!.data as Float32Array, s1: out.s1_next!.data as Float32Array };
  }
  return Array.from(state.p);
}

test('AdamW in the graph follows torch.optim.AdamW step by step', async () => {
  // Reference: torch's algorithm written out in float64.
  const lr = 0.01;
  const p = [...p0];
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  grads.forEach((g, i) => {
    const t = i + 1;
    for (let j = 0; j < 3; j++) {
      p[j]! *= 1 - lr * 0.1;
      m[j] = 0.9 * m[j]! + 0.1 * g[j]!;
      v[j] = 0.999 * v[j]! + 0.001 * g[j]! ** 2;
      const denom = Math.sqrt(v[j]!) / Math.sqrt(1 - 0.999 ** t) + 1e-8;
      p[j]! -= (lr / (1 - 0.9 ** t)) * (m[j]! / denom);
    }
  });
  const got = await runUpdates('adamw', lr);
  got.forEach((x, j) => assert.ok(Math.abs(x - p[j]!) < 1e-6, `param ${j}: ${x} vs ${p[j]}`));
});

test('SGD with Nesterov momentum and weight decay follows torch.optim.SGD', async () => {
  const lr = 0.1;
  const p = [...p0];
  const buf = [0, 0, 0];
  for (const g of grads) {
    for (let j = 0; j < 3; j++) {
      const d = g[j]! + 0.1 * p[j]!;
      buf[j] = 0.9 * buf[j]! + d;
      p[j]! -= lr * (d + 0.9 * buf[j]!);
    }
  }
  const got = await runUpdates('sgd', lr);
  got.forEach((x, j) => assert.ok(Math.abs(x - p[j]!) < 1e-6, `param ${j}: ${x} vs ${p[j]}`));
});

test('gradient clipping scales to the global norm and leaves small gradients alone', async () => {
  const g = new Graph();
  const a = g.input('a', 'float32', [2]);
  const b = g.input('b', 'float32', [1]);
  const norm = globalNorm([a, b]);
  const [ca, cb] = clipByGlobalNorm([a, b], norm, 1);
  g.output(norm, 'norm');
  g.output(ca!, 'ca');
  g.output(cb!, 'cb');
  const s = await CompiledGraph.create(g);
  const big = await s.run({ a: hostTensor('float32', [2], Float32Array.of(3, 4)), b: hostTensor('float32', [1], Float32Array.of(12)) });
  assert.ok(Math.abs(scalarValue(big.norm!) - 13) < 1e-5);
  const clipped = [...(big.ca!.data as Float32Array), ...(big.cb!.data as Float32Array)];
  assert.ok(Math.abs(Math.hypot(...clipped) - 1) < 1e-5, 'clipped to norm 1');
  assert.ok(Math.abs(clipped[0]! / clipped[1]! - 0.75) < 1e-6, 'direction kept');
  const small = await s.run({ a: hostTensor('float32', [2], Float32Array.of(0.3, 0.4)), b: hostTensor('float32', [1], Float32Array.of(0)) });
  assert.deepEqual(Array.from(small.ca!.data as Float32Array).map((x) => Number(x.toFixed(6))), [0.3, 0.4]);
});

test('learning-rate schedules: warmup, then constant, linear and cosine; the graph agrees with JS', async () => {
  const c = (type: 'constant' | 'linear' | 'cosine') => ScheduleConfig.parse({ type, warmupSteps: 4, totalSteps: 20 });
  assert.equal(lrMultiplier(0, c('linear')), 0);
  assert.equal(lrMultiplier(2, c('linear')), 0.5);
  assert.equal(lrMultiplier(4, c('linear')), 1);
  assert.equal(lrMultiplier(12, c('linear')), 0.5);
  assert.equal(lrMultiplier(20, c('linear')), 0);
  assert.equal(lrMultiplier(15, c('constant')), 1);
  assert.ok(Math.abs(lrMultiplier(12, c('cosine')) - 0.5) < 1e-12);
  assert.ok(Math.abs(lrMultiplier(20, c('cosine'))) < 1e-12);
  for (const type of ['constant', 'linear', 'cosine'] as const) {
    const g = new Graph();
    const s = g.input('s', 'float32', []);
    g.output(lrInGraph(s, 3e-4, c(type)), 'lr');
    const sess = await CompiledGraph.create(g);
    for (const step of [0, 1, 3, 4, 7, 12, 19, 20, 25]) {
      const lr = scalarValue((await sess.run({ s: hostTensor('float32', [], Float32Array.of(step)) })).lr!);
      assert.ok(Math.abs(lr - 3e-4 * lrMultiplier(step, c(type))) < 1e-9, `${type} step ${step}: ${lr}`);
    }
  }
});
