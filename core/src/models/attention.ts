import { ops, type Value } from '../graph/index.ts';
import type { BuildContext } from './context.ts';
import { applyRope, type RopeTables } from './rope.ts';

export interface AttentionInputs {
  layer: number;
  /** Projected q [B, T, H*D], k and v [B, T, KVH*D]. */
  q: Value;
  k: Value;
  v: Value;
  /** Additive bias [B|1, 1, T, P+T]. */
  bias: Value;
  rope?: RopeTables;
}

/** [B, T, N*D] -> [B, N, T, D] */
function splitHeads(x: Value, heads: number): Value {
  const [b, t, c] = x.shape as [number, number, number];
  return ops.transpose(ops.reshape(x, [b, t, heads, c / heads]), [0, 2, 1, 3]);
}

/** Scaled dot-product attention with GQA, RoPE and prefix keys/values. Returns [B, T, H*D]. */
export function attention(ctx: BuildContext, a: AttentionInputs): Value {
  const { heads, kvHeads, headDim } = ctx.config;
  const [batch, seq] = a.q.shape as [number, number, number];
  let q = splitHeads(a.q, heads); // q: [B, H, T, D]
  let k = splitHeads(a.k, kvHeads); // k: [B, KVH, T, D]
  let v = splitHeads(a.v, kvHeads);
  if (a.rope) {
    q = applyRope(q, a.rope);
    k = applyRope(k, a.rope);
  }
  for (const hook of ctx.hooks.prefix) {
    const p = hook.kv(a.layer, batch);
    k = ops.concat([p.k, k], 2); // k: [B, KVH, P+T, D]
    v = ops.concat([p.v, v], 2);
  }
  if (kvHeads !== heads) {
    // GQA: each KV head serves heads/kvHeads query heads.
    const rep = heads / kvHeads;
    const keys = Number(k.shape[2]);
    const repeat = (x: Value) =>
      ops.reshape(ops.expand(ops.unsqueeze(x, [2]), [batch, kvHeads, rep, keys, headDim]), [batch, heads, keys, headDim]);
    k = repeat(k);
    v = repeat(v);
  }
  const scores = ops.add(ops.matmul(ops.mul(q, 1 / Math.sqrt(headDim)), ops.transposeLast2(k)), a.bias); // [B, H, T, P+T]
  const y = ops.matmul(ops.softmax(scores, -1), v); // y: [B, H, T, D]
  return ops.reshape(ops.transpose(y, [0, 2, 1, 3]), [batch, seq, heads * headDim]);
}
