import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ops, type Value } from '../graph/index.ts';
import { gradCheck, type GradCheckInput } from './grad-check.ts';
import { differentiableOps } from './index.ts';
import { vjpRule, withRule } from './types.ts';

// Every VJP rule against float64 central differences. A wrong rule gives errors of order 1e-1;
// a right one 1e-8 or less, so 1e-6 separates them with a wide margin.
const TOL = 1e-6;

interface Case {
  op: string;
  name: string;
  inputs: GradCheckInput[];
  build: (xs: Value[]) => Value;
  dtype?: 'float32';
}

const pos: [number, number] = [0.5, 2];
const cases: Case[] = [
  { op: 'Add', name: 'broadcast row', inputs: [{ name: 'a', shape: [3, 4] }, { name: 'b', shape: [4] }], build: ([a, b]) => ops.add(a!, b!) },
  { op: 'Sub', name: 'broadcast col', inputs: [{ name: 'a', shape: [3, 1] }, { name: 'b', shape: [2, 3, 4] }], build: ([a, b]) => ops.sub(a!, b!) },
  { op: 'Mul', name: 'broadcast', inputs: [{ name: 'a', shape: [2, 3, 4] }, { name: 'b', shape: [1, 3, 1] }], build: ([a, b]) => ops.mul(a!, b!) },
  { op: 'Div', name: 'broadcast', inputs: [{ name: 'a', shape: [3, 4] }, { name: 'b', shape: [3, 1], range: pos }], build: ([a, b]) => ops.div(a!, b!) },
  { op: 'Pow', name: 'cube', inputs: [{ name: 'a', shape: [3, 4], range: pos }], build: ([a]) => ops.pow(a!, 3) },
  { op: 'Max', name: 'elementwise', inputs: [{ name: 'a', shape: [8] }, { name: 'b', shape: [8] }], build: ([a, b]) => ops.max(a!, b!) },
  { op: 'Min', name: 'elementwise', inputs: [{ name: 'a', shape: [8] }, { name: 'b', shape: [8] }], build: ([a, b]) => ops.min(a!, b!) },
  { op: 'Where', name: 'mask', inputs: [{ name: 'a', shape: [3, 4] }, { name: 'b', shape: [4] }], build: ([a, b]) => ops.where(ops.less(a!, 0.1), a!, b!) },
  { op: 'Neg', name: '', inputs: [{ name: 'a', shape: [5] }], build: ([a]) => ops.neg(a!) },
  { op: 'Identity', name: '', inputs: [{ name: 'a', shape: [5] }], build: ([a]) => ops.mul(ops.identity(a!), a!) },
  { op: 'Exp', name: '', inputs: [{ name: 'a', shape: [5] }], build: ([a]) => ops.exp(a!) },
  { op: 'Log', name: '', inputs: [{ name: 'a', shape: [5], range: pos }], build: ([a]) => ops.log(a!) },
  { op: 'Sqrt', name: '', inputs: [{ name: 'a', shape: [5], range: pos }], build: ([a]) => ops.sqrt(a!) },
  { op: 'Reciprocal', name: '', inputs: [{ name: 'a', shape: [5], range: pos }], build: ([a]) => ops.reciprocal(a!) },
  { op: 'Tanh', name: '', inputs: [{ name: 'a', shape: [5], range: [-2, 2] }], build: ([a]) => ops.tanh(a!) },
  { op: 'Sigmoid', name: '', inputs: [{ name: 'a', shape: [5], range: [-3, 3] }], build: ([a]) => ops.sigmoid(a!) },
  { op: 'Relu', name: '', inputs: [{ name: 'a', shape: [6], range: [0.2, 1] }, { name: 'b', shape: [6], range: [-1, -0.2] }], build: ([a, b]) => ops.concat([ops.relu(a!), ops.relu(b!)], 0) },
  { op: 'Abs', name: '', inputs: [{ name: 'a', shape: [6], range: [0.2, 1] }, { name: 'b', shape: [6], range: [-1, -0.2] }], build: ([a, b]) => ops.concat([ops.abs(a!), ops.abs(b!)], 0) },
  { op: 'Sin', name: '', inputs: [{ name: 'a', shape: [5], range: [-3, 3] }], build: ([a]) => ops.sin(a!) },
  { op: 'Cos', name: '', inputs: [{ name: 'a', shape: [5], range: [-3, 3] }], build: ([a]) => ops.cos(a!) },
  { op: 'MatMul', name: '2-D', inputs: [{ name: 'a', shape: [3, 4] }, { name: 'b', shape: [4, 5] }], build: ([a, b]) => ops.matmul(a!, b!) },
  { op: 'MatMul', name: 'batched', inputs: [{ name: 'a', shape: [2, 3, 3, 4] }, { name: 'b', shape: [2, 3, 4, 2] }], build: ([a, b]) => ops.matmul(a!, b!) },
  { op: 'MatMul', name: 'shared weight', inputs: [{ name: 'a', shape: [2, 3, 4] }, { name: 'b', shape: [4, 5] }], build: ([a, b]) => ops.matmul(a!, b!) },
  { op: 'MatMul', name: 'broadcast batch', inputs: [{ name: 'a', shape: [2, 1, 3, 4] }, { name: 'b', shape: [3, 4, 2] }], build: ([a, b]) => ops.matmul(a!, b!) },
  { op: 'Reshape', name: '', inputs: [{ name: 'a', shape: [2, 6] }], build: ([a]) => ops.mul(ops.reshape(a!, [3, 4]), ops.reshape(a!, [3, -1])) },
  { op: 'Unsqueeze', name: '', inputs: [{ name: 'a', shape: [2, 3] }], build: ([a]) => ops.mul(ops.unsqueeze(a!, [1]), ops.unsqueeze(a!, [1])) },
  { op: 'Squeeze', name: '', inputs: [{ name: 'a', shape: [2, 1, 3] }], build: ([a]) => ops.squeeze(a!, [1]) },
  { op: 'Expand', name: '', inputs: [{ name: 'a', shape: [3, 1] }], build: ([a]) => ops.expand(a!, [2, 3, 4]) },
  { op: 'Transpose', name: '', inputs: [{ name: 'a', shape: [2, 3, 4] }], build: ([a]) => ops.transpose(a!, [2, 0, 1]) },
  { op: 'Concat', name: '', inputs: [{ name: 'a', shape: [2, 3] }, { name: 'b', shape: [2, 2] }], build: ([a, b]) => ops.concat([a!, b!, a!], 1) },
  { op: 'Split', name: 'one piece unused', inputs: [{ name: 'a', shape: [2, 7] }], build: ([a]) => { const [p, , r] = ops.split(a!, [2, 3, 2], 1); return ops.concat([p!, r!], 1); } },
  { op: 'MatMul', name: 'skinny shared weight', inputs: [{ name: 'a', shape: [2, 3, 6] }, { name: 'b', shape: [6, 2] }], build: ([a, b]) => ops.matmul(a!, b!) },
  { op: 'Slice', name: '', inputs: [{ name: 'a', shape: [4, 6] }], build: ([a]) => ops.slice(a!, [1, -4], [3, 100], [0, 1]) },
  { op: 'Pad', name: '', inputs: [{ name: 'a', shape: [2, 3] }], build: ([a]) => ops.pad(a!, [1, 0, 0, 2]) },
  { op: 'Gather', name: 'repeated rows', inputs: [{ name: 'w', shape: [5, 3] }, { name: 'i', shape: [2, 3], ints: [0, 4, 4, 1, 0, 2] }], build: ([w, i]) => ops.gather(w!, i!) },
  { op: 'GatherElements', name: '', inputs: [{ name: 'a', shape: [3, 5] }, { name: 'i', shape: [3, 1], ints: [4, 0, 2] }], build: ([a, i]) => ops.gatherElements(a!, i!, 1) },
  { op: 'ReduceSum', name: 'keepdims', inputs: [{ name: 'a', shape: [2, 3, 4] }], build: ([a]) => ops.reduceSum(a!, [0, 2], true) },
  { op: 'ReduceSum', name: 'dropdims', inputs: [{ name: 'a', shape: [2, 3, 4] }], build: ([a]) => ops.reduceSum(a!, [1], false) },
  { op: 'ReduceMean', name: '', inputs: [{ name: 'a', shape: [2, 3, 4] }], build: ([a]) => ops.reduceMean(a!, [-1], false) },
  { op: 'ReduceMax', name: '', inputs: [{ name: 'a', shape: [3, 5] }], build: ([a]) => ops.reduceMax(a!, [1], true) },
  { op: 'Softmax', name: '', inputs: [{ name: 'a', shape: [3, 5], range: [-3, 3] }], build: ([a]) => ops.softmax(a!, -1) },
  { op: 'LogSoftmax', name: '', inputs: [{ name: 'a', shape: [3, 5], range: [-3, 3] }], build: ([a]) => ops.logSoftmax(a!, -1) },
  {
    op: 'LayerNormalization', name: 'x, weight, bias',
    inputs: [{ name: 'x', shape: [2, 3, 6], range: [-2, 2] }, { name: 'w', shape: [6] }, { name: 'b', shape: [6] }],
    build: ([x, w, b]) => ops.layerNorm(x!, w!, b!, 1e-5).y,
  },
  {
    op: 'SoftmaxCrossEntropyLoss', name: 'with ignored rows',
    inputs: [{ name: 'z', shape: [4, 6], range: [-3, 3] }, { name: 'y', shape: [4], ints: [5, -100, 0, 2] }],
    build: ([z, y]) => ops.crossEntropy(z!, y!).loss,
  },
  { op: 'Gelu', name: 'tanh', inputs: [{ name: 'a', shape: [12], range: [-3, 3] }], build: ([a]) => ops.gelu(a!, 'tanh') },
];

for (const c of cases) {
  test(`VJP ${c.op}${c.name ? ` (${c.name})` : ''} matches float64 finite differences`, async () => {
    const r = await gradCheck(c.inputs, c.build);
    assert.ok(r.checked > 0);
    assert.ok(r.maxError < TOL, `${c.op}: max error ${r.maxError.toExponential(2)} over ${r.checked} elements`);
  });
}

// ORT has no float64 Erf kernel (nor float64 erf-GELU), and Cast's rule is only visible across precisions,
// so these run in float32 with eps 1e-2: truncation ~eps^2 and rounding ~1e-7/eps stay under 2e-4, while a
// wrong rule is off by 1e-1 or more.
const float32Cases: Case[] = [
  { op: 'Erf', name: '', inputs: [{ name: 'a', shape: [8], range: [-2, 2] }], build: ([a]) => ops.erf(a!) },
  { op: 'Gelu', name: 'erf', inputs: [{ name: 'a', shape: [12], range: [-3, 3] }], build: ([a]) => ops.gelu(a!, 'none') },
  { op: 'Cast', name: 'through float64', inputs: [{ name: 'a', shape: [5] }], build: ([a]) => ops.cast(ops.mul(ops.cast(a!, 'float64'), ops.cast(a!, 'float64')), 'float32') },
];
for (const c of float32Cases) {
  test(`VJP ${c.op}${c.name ? ` (${c.name})` : ''} matches float32 finite differences`, async () => {
    const r = await gradCheck(c.inputs, c.build, { dtype: 'float32', eps: 1e-2 });
    assert.ok(r.maxError < 2e-4, `${c.op}: max error ${r.maxError.toExponential(2)}`);
  });
}

test('the check catches a wrong rule', async () => {
  // Tanh's rule applied to Sigmoid must fail: proves the harness compares real numbers.
  await withRule('Sigmoid', vjpRule('Tanh')!, async () => {
    const r = await gradCheck([{ name: 'a', shape: [4], range: [-2, 2] }], ([a]) => ops.sigmoid(a!));
    assert.ok(r.maxError > 1e-2, `a wrong rule passed with error ${r.maxError}`);
  });
});

test('stopGradient blocks the gradient', async () => {
  // d/da [a * stop(a)] = stop(a) = a, not 2a: the check fails unless the stopped path is a constant.
  const r = await gradCheck([{ name: 'a', shape: [4] }], ([a]) => ops.mul(ops.mul(a!, ops.stopGradient(a!)), 1));
  assert.ok(r.maxError > 1e-2, 'finite differences see both paths, the analytic gradient only one');
});

test('every VJP rule has a finite-difference case', () => {
  const covered = new Set([...cases, ...float32Cases].map((c) => c.op));
  const missing = differentiableOps().filter((op) => !covered.has(op));
  assert.deepEqual(missing, [], `rules without a gradient check: ${missing.join(', ')}`);
});
