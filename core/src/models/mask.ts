import { ops, type Graph, type Value } from '../graph/index.ts';

/** Additive mask value: exp(-1e9) underflows to 0, and fully masked rows stay finite (no NaN). */
export const MASKED = -1e9;

/**
 * Attention bias [B|1, 1, T, P + T]: causal over the T real positions, P prefix keys always visible,
 * and keys whose attention_mask is 0 hidden.
 */
export function attentionBias(g: Graph, queries: number, prefix: number, attentionMask?: Value): Value {
  const keys = prefix + queries;
  const causal = new Float32Array(queries * keys);
  for (let q = 0; q < queries; q++) for (let k = prefix + q + 1; k < keys; k++) causal[q * keys + k] = MASKED;
  let bias = g.constant('float32', [1, 1, queries, keys], causal, `causal:${queries}:${prefix}`);
  if (attentionMask) {
    const [batch] = attentionMask.shape as [number, number];
    let mask = ops.cast(attentionMask, 'float32'); // [B, T]
    if (prefix > 0) mask = ops.concat([ops.expand(ops.scalar(g, 1), [batch, prefix]), mask], 1);
    const padding = ops.mul(ops.sub(1, mask), MASKED); // [B, P+T]: 0 where attended
    bias = ops.add(bias, ops.unsqueeze(padding, [1, 2]));
  }
  return bias;
}
