import type { ModelConfig } from '@edgetune/core';
import type { PrefixTuningConfig } from './config.ts';

export interface PrefixDims {
  tokens: number; // P
  layers: number; // L
  heads: number; // KV heads
  headDim: number; // D
  tokenDim: number; // KVH * D
  width: number; // L * 2 * KVH * D: one row of the flat prefix
  hidden: number; // projection MLP width
}

/**
 * PEFT's view of the prefix (_prepare_prompt_learning_config): num_attention_heads is the KV head count and
 * token_dim = kv_heads * head_dim, so GQA models get prefixes as wide as their keys. Explicit values must agree.
 */
export function prefixDims(model: ModelConfig, cfg: PrefixTuningConfig): PrefixDims {
  const heads = model.kvHeads;
  const tokenDim = heads * model.headDim;
  const check = (field: string, given: number | null, want: number) => {
    if (given !== null && given !== want) throw new Error(`prefix-tuning: ${field} ${given} does not fit the model (needs ${want})`);
  };
  check('num_layers', cfg.num_layers, model.layers);
  check('num_attention_heads', cfg.num_attention_heads, heads);
  check('token_dim', cfg.token_dim, tokenDim);
  return {
    tokens: cfg.num_virtual_tokens, layers: model.layers, heads, headDim: model.headDim, tokenDim,
    width: model.layers * 2 * tokenDim, hidden: cfg.encoder_hidden_size ?? tokenDim,
  };
}
