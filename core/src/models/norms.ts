import { ops, type Value } from '../graph/index.ts';

/** RMSNorm as Llama computes it: x / sqrt(mean(x^2) + eps) * w. */
export function rmsNorm(x: Value, weight: Value, eps: number): Value {
  const meanSquare = ops.reduceMean(ops.mul(x, x), [-1], true);
  return ops.mul(ops.mul(x, ops.reciprocal(ops.sqrt(ops.add(meanSquare, eps)))), weight);
}
