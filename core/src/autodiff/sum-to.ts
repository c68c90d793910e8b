import { ops, sameShape, type Shape, type Value } from '../graph/index.ts';

/** Sums a broadcast gradient back down to `shape` (the inverse of numpy broadcasting). */
export function sumToShape(grad: Value, shape: Shape): Value {
  if (sameShape(grad.shape, shape)) return grad;
  const lead = grad.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  let out = axes.length ? ops.reduceSum(grad, axes, true) : grad;
  if (!sameShape(out.shape, shape)) out = ops.reshape(out, shape.map(Number));
  return out;
}
