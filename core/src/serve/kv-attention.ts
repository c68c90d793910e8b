import { ops, type Value } from '../graph/index.ts';
import { applyRope, type RopeTables } from '../models/rope.ts';
import type { ServeContext } from './context.ts';
import { addOnto, dimOf, reshapeTo, splitAt } from './dynamic.ts';
import { pastKey, pastValue } from './names.ts';

export interface KvAttentionOut {
  /** [B, T, H*D] */
  y: Value;
  /** The new tokens' keys (after RoPE) and values, [B, KVH, T, D], for the caller's cache. */
  k: Value;
  v: Value;
}

/** [B, T, N*D] -> [B, N, T, D] */
const heads = (x: Value, n: number, d: number) => ops.transpose(ops.reshape(x, [0, 0, n, d]), [0, 2, 1, 3]);

/**
 * Attention of T new tokens over P cached keys plus themselves. The cache is never copied: scores against
 * past and new keys are computed apart and concatenated (they are small), and the probabilities are split
 * again for the two value products. GQA needs no repeated keys either: the query heads sharing a KV head
 * are folded into the query axis, q: [B, KVH, rep*T, D]. The mask, causality included, is the `bias` input.
 */
export function kvAttention(ctx: ServeContext, layer: number, q: Value, k: Value, v: Value, bias: Value, rope?: RopeTables): KvAttentionOut {
  const { g, config, dims } = ctx;
  const { heads: H, kvHeads: KVH, headDim: D } = config;
  const pastK = g.input(pastKey(layer), 'float32', [dims.batch, KVH, dims.past, D]); // [B, KVH, P, D]
  const pastV = g.input(pastValue(layer), 'float32', [dims.batch, KVH, dims.past, D]);
  let q4 = heads(q, H, D); // [B, H, T, D]
  let k4 = heads(k, KVH, D); // [B, KVH, T, D]
  const v4 = heads(v, KVH, D);
  if (rope) {
    q4 = applyRope(q4, rope);
    k4 = applyRope(k4, rope);
  }
  const qg = ops.reshape(ops.mul(q4, 1 / Math.sqrt(D)), [0, KVH, -1, D]); // [B, KVH, rep*T, D]
  const scores = ops.concat([ops.matmul(qg, ops.transposeLast2(pastK)), ops.matmul(qg, ops.transposeLast2(k4))], 3); // [B, KVH, rep*T, P+T]
  const probs = ops.softmax(addOnto(scores, bias), -1);
  const [pPast, pNew] = splitAt(probs, dimOf(pastK, 2), 3);
  const y = ops.add(ops.matmul(pPast, pastV), ops.matmul(pNew, v4)); // [B, KVH, rep*T, D]
  const out = reshapeTo(ops.transpose(ops.reshape(y, [0, H, -1, D]), [0, 2, 1, 3]), [0, 0, H * D], [q.shape[0]!, q.shape[1]!, H * D]); // [B, T, H*D]
  return { y: out, k: k4, v: v4 };
}
