import { ops, type ApplyContext, type Value } from '@edgetune/core';
import type { PrefixTuningConfig } from './config.ts';
import { prefixDims } from './dims.ts';
import { prefixValue } from './encoder.ts';

/**
 * Prepends P trained keys and values to every layer's attention, as PEFT passes past_key_values.
 * PEFT: view(B, P, L*2, KVH, D).permute([2, 0, 3, 1, 4]).split(2) -> per layer (key, value), each [B, KVH, P, D].
 * The prefix keys get no RoPE (transformers uses cached keys as they are), and real tokens take positions
 * P..P+T-1 (cache_position starts after the past), for GPT-2's wpe and Llama's RoPE alike; core's embed does that.
 */
export function applyPrefixTuning({ hooks, model, params }: ApplyContext, cfg: PrefixTuningConfig): void {
  const d = prefixDims(model, cfg);
  const flat = prefixValue(params, cfg, d); // [P, L*2*KVH*D]
  let perLayer: Value | null = null;
  const kvs = () => (perLayer ??= ops.transpose(ops.reshape(flat, [d.tokens, d.layers * 2, d.heads, d.headDim]), [1, 2, 0, 3])); // [L*2, KVH, P, D]
  hooks.prefix.push({
    tokens: d.tokens,
    kv(layer, batch) {
      const pick = (i: number) => ops.expand(ops.slice(kvs(), [i], [i + 1], [0]), [batch, d.heads, d.tokens, d.headDim]); // [B, KVH, P, D]
      return { k: pick(2 * layer), v: pick(2 * layer + 1) };
    },
  });
}
