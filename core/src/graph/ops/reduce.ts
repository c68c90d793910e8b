import type { Value } from '../graph.ts';
import { normAxis, type Dim } from '../shape.ts';
import { emit, int64s } from './emit.ts';

function reduce(op: string, x: Value, axes: number[], keepdims: boolean): Value {
  const rank = x.shape.length;
  const norm = axes.map((a) => normAxis(a, rank));
  const shape: Dim[] = [];
  x.shape.forEach((d, i) => {
    if (!norm.includes(i)) shape.push(d);
    else if (keepdims) shape.push(1);
  });
  return emit(x.graph, op, [x, int64s(x.graph, norm)], x.dtype, shape, { keepdims: keepdims ? 1 : 0 });
}

export const reduceSum = (x: Value, axes: number[], keepdims = true) => reduce('ReduceSum', x, axes, keepdims);
export const reduceMean = (x: Value, axes: number[], keepdims = true) => reduce('ReduceMean', x, axes, keepdims);
export const reduceMax = (x: Value, axes: number[], keepdims = true) => reduce('ReduceMax', x, axes, keepdims);
