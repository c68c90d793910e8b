import { ops, type Value } from '../../graph/index.ts';
import { sumToShape } from '../sum-to.ts';
import { defineVjp } from '../types.ts';

// y = softmax(x);  dx = y * (dy - sum(dy * y))
defineVjp('Softmax', (c) => {
  const axis = c.node.attrs.axis as number;
  const y = c.y(0);
  const g = c.gy(0)!;
  return [ops.mul(y, ops.sub(g, ops.reduceSum(ops.mul(g, y), [axis], true)))];
});

// y = log_softmax(x);  dx = dy - softmax(x) * sum(dy)
defineVjp('LogSoftmax', (c) => {
  const axis = c.node.attrs.axis as number;
  const g = c.gy(0)!;
  return [ops.sub(g, ops.mul(ops.exp(c.y(0)), ops.reduceSum(g, [axis], true)))];
});

// y = xhat * w + b, xhat = (x - mean) * invStd, over the last axis.
defineVjp('LayerNormalization', (c) => {
  const x = c.x(0);
  const w = c.x(1);
  const g = c.gy(0)!;
  const { mean, invStd } = layerNormStats(x, c.y(1), c.y(2), (c.node.attrs.epsilon as { float: number }).float);
  const xhat = ops.mul(ops.sub(x, mean), invStd);
  const out: (Value | null)[] = [null, null, null];
  if (c.needs(0)) {
    const dxhat = ops.mul(g, w);
    const meanD = ops.reduceMean(dxhat, [-1], true);
    const meanDX = ops.reduceMean(ops.mul(dxhat, xhat), [-1], true);
    out[0] = ops.mul(invStd, ops.sub(ops.sub(dxhat, meanD), ops.mul(xhat, meanDX)));
  }
  if (c.needs(1)) out[1] = sumToShape(ops.mul(g, xhat), w.shape);
  if (c.needs(2)) out[2] = sumToShape(g, c.x(2).shape);
  return out;
});

/** ORT stashes statistics in float32; float64 graphs (gradient checks) recompute them at full precision. */
function layerNormStats(x: Value, mean: Value, invStd: Value, epsilon: number): { mean: Value; invStd: Value } {
  if (x.dtype !== 'float64') return { mean: ops.cast(mean, x.dtype), invStd: ops.cast(invStd, x.dtype) };
  const m = ops.reduceMean(x, [-1], true);
  const centered = ops.sub(x, m);
  const variance = ops.reduceMean(ops.mul(centered, centered), [-1], true);
  return { mean: m, invStd: ops.reciprocal(ops.sqrt(ops.add(variance, epsilon))) };
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

defineVjp('Gelu', (c) => {
  const x = c.x(0);
  const g = c.gy(0)!;
  if (c.node.attrs.approximate === 'tanh') {
    // gelu = 0.5 x (1 + t), t = tanh(k (x + 0.044715 x^3));
    // d/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) k (1 + 3 * 0.044715 x^2)
    const x2 = ops.mul(x, x);
    const t = ops.tanh(ops.mul(ops.mul(x, ops.add(ops.mul(x2, 0.044715), 1)), SQRT_2_OVER_PI));
    const left = ops.mul(ops.add(t, 1), 0.5);
    const dt = ops.mul(ops.sub(1, ops.mul(t, t)), ops.mul(ops.add(ops.mul(x2, 3 * 0.044715), 1), SQRT_2_OVER_PI));
    return [ops.mul(g, ops.add(left, ops.mul(ops.mul(x, dt), 0.5)))];
  }
  // gelu = x * Phi(x);  d/dx = Phi(x) + x * phi(x)
  const phi = ops.mul(ops.exp(ops.mul(ops.mul(x, x), -0.5)), INV_SQRT_2PI);
  return [ops.mul(g, ops.add(normalCdf(x), ops.mul(x, phi)))];
});

/** Phi(x) = 0.5 (1 + erf(x / sqrt 2)). ORT has no float64 Erf kernel, so float64 graphs (which exist only
 *  for gradient checks) evaluate erf in float32: Phi's 1e-7 error is far below the check's tolerance. */
function normalCdf(x: Value): Value {
  const x32 = ops.cast(x, 'float32');
  const cdf = ops.mul(ops.add(ops.erf(ops.mul(x32, Math.SQRT1_2)), 1), 0.5);
  return ops.cast(cdf, x.dtype);
}

// loss = -mean_{valid i} log_softmax(z)[i, y_i];  dz = (softmax(z) - onehot(y)) * valid / count * dloss
defineVjp('SoftmaxCrossEntropyLoss', (c) => {
  const labels = c.x(1);
  const ignore = c.node.attrs.ignore_index as number;
  const dtype = c.x(0).dtype;
  const p = ops.exp(c.y(1));
  const valid = ops.not(ops.equal(labels, ignore));
  const idx = ops.unsqueeze(ops.where(valid, labels, 0), [1]);
  const pMinusOnehot = ops.scatterElements(p, idx, ops.sub(ops.gatherElements(p, idx, 1), 1), 1);
  const validF = ops.cast(valid, dtype);
  const count = ops.max(ops.reduceSum(validF, [0], false), 1);
  const scale = ops.div(c.gy(0)!, count);
  return [ops.mul(pMinusOnehot, ops.unsqueeze(ops.mul(validF, scale), [1])), null];
});
