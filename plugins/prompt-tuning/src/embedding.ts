import { ops, type ApplyContext } from '@edgetune/core';
import type { PromptTuningConfig } from './config.ts';
import { promptInit } from './init.ts';

/** PEFT's in-memory name of the virtual-token table. */
export const EMBEDDING = 'prompt_encoder.default.embedding.weight';

/** Prepends P trainable embeddings to every sequence: h [B, T, C] -> [B, P + T, C], as PeftModelForCausalLM does. */
export function applyPromptTuning({ hooks, model, params }: ApplyContext, cfg: PromptTuningConfig): void {
  const dim = cfg.token_dim ?? model.hidden;
  if (dim !== model.hidden) throw new Error(`prompt-tuning: token_dim ${dim} differs from the model's hidden size ${model.hidden}`);
  const tokens = cfg.num_virtual_tokens;
  hooks.embeddings.push((h) => {
    const [batch, seq] = h.shape as [number, number, number];
    const prompt = params.param(EMBEDDING, [tokens, dim], promptInit(cfg, h)); // [P, C]
    const virtual = ops.expand(ops.unsqueeze(prompt, [0]), [batch, tokens, dim]); // [B, P, C]
    return { h: ops.concat([virtual, h], 1), virtualTokens: tokens }; // [B, P + T, C]
  });
}
