import type { Value } from '../graph.ts';
import { broadcastShapes, type Dim } from '../shape.ts';
import { emit } from './emit.ts';

/** Numpy matmul: a [..., M, K] @ b [..., K, N] -> [..., M, N]; 1-D operands are not used by the models. */
export function matmul(a: Value, b: Value): Value {
  if (a.dtype !== b.dtype) throw new Error(`matmul: dtype mismatch ${a.dtype} vs ${b.dtype}`);
  if (a.shape.length < 2 || b.shape.length < 2) throw new Error(`matmul: operands must be at least 2-D, got [${a.shape}] and [${b.shape}]`);
  const k1 = a.shape[a.shape.length - 1]!;
  const k2 = b.shape[b.shape.length - 2]!;
  if (k1 !== k2 && typeof k1 === 'number' && typeof k2 === 'number') {
    throw new Error(`matmul: inner dims differ, [${a.shape}] @ [${b.shape}]`);
  }
  const batch: Dim[] = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const shape = [...batch, a.shape[a.shape.length - 2]!, b.shape[b.shape.length - 1]!];
  return emit(a.graph, 'MatMul', [a, b], a.dtype, shape);
}
