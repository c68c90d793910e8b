import { ops, type Value } from '../graph/index.ts';

/** The global L2 norm of all gradients, as a scalar. */
export function globalNorm(grads: readonly Value[]): Value {
  const squares = grads.map((g) => ops.reduceSum(ops.mul(g, g), g.shape.map((_, i) => i), false));
  return ops.sqrt(squares.reduce((a, b) => ops.add(a, b)));
}

/** torch.nn.utils.clip_grad_norm_: scale by min(1, max_norm / (norm + 1e-6)). */
export function clipByGlobalNorm(grads: readonly Value[], norm: Value, maxNorm: number): Value[] {
  const coef = ops.min(ops.div(ops.scalar(norm.graph, maxNorm), ops.add(norm, 1e-6)), 1);
  return grads.map((g) => ops.mul(g, coef));
}
