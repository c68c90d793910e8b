import { ops, type Value } from '../../graph/index.ts';
import { sumToShape } from '../sum-to.ts';
import { defineVjp } from '../types.ts';

// y = a @ b;  da = gy @ b^T;  db = a^T @ gy (summed over broadcast batch dims).
defineVjp('MatMul', (c) => {
  const a = c.x(0);
  const b = c.x(1);
  const gy = c.gy(0)!;
  let ga: Value | null = null;
  let gb: Value | null = null;
  if (c.needs(0)) ga = sumToShape(ops.matmul(gy, ops.transposeLast2(b)), a.shape);
  if (c.needs(1)) {
    if (b.shape.length === 2 && a.shape.length > 2) {
      // A shared weight [K, N] under a batched input: fold batch dims into rows, one GEMM over all tokens.
      const k = Number(a.shape[a.shape.length - 1]);
      const n = Number(gy.shape[gy.shape.length - 1]);
      const a2 = ops.reshape(a, [-1, k]);
      const gy2 = ops.reshape(gy, [-1, n]);
      // For a skinny b (LoRA's A^T: N = rank), (gy2^T @ a2)^T transposes only the small operand and result:
      // 1.1-1.2x faster than a2^T @ gy2 for [2048, 1536] x [2048, 8] (see docs/decisions.md).
      gb = n < k ? ops.transposeLast2(ops.matmul(ops.transposeLast2(gy2), a2)) : ops.matmul(ops.transposeLast2(a2), gy2);
    } else {
      gb = sumToShape(ops.matmul(ops.transposeLast2(a), gy), b.shape);
    }
  }
  return [ga, gb];
});
