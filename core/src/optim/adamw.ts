import { ops, type Value } from '../graph/index.ts';

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export const ADAMW_DEFAULTS: AdamWOptions = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };

/**
 * One AdamW step exactly as torch.optim.AdamW computes it (decoupled decay, then the bias-corrected update):
 *   p *= 1 - lr*wd;  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2
 *   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * `t` is the 1-based step count as a float scalar.
 */
export function adamw(p: Value, grad: Value, m: Value, v: Value, lr: Value, t: Value, o: AdamWOptions) {
  const m2 = ops.add(ops.mul(m, o.beta1), ops.mul(grad, 1 - o.beta1));
  const v2 = ops.add(ops.mul(v, o.beta2), ops.mul(ops.mul(grad, grad), 1 - o.beta2));
  const bc1 = ops.sub(1, ops.pow(ops.scalar(p.graph, o.beta1), t));
  const bc2 = ops.sub(1, ops.pow(ops.scalar(p.graph, o.beta2), t));
  const denom = ops.add(ops.div(ops.sqrt(v2), ops.sqrt(bc2)), o.eps);
  const decayed = o.weightDecay ? ops.mul(p, ops.sub(1, ops.mul(lr, o.weightDecay))) : p;
  const p2 = ops.sub(decayed, ops.mul(ops.div(lr, bc1), ops.div(m2, denom)));
  return { p: p2, state: [m2, v2] };
}
