import { inits, ops, type ApplyContext } from '@edgetune/core';
import { graphBackend } from './backends.ts';
import type { PTuningConfig } from './config.ts';
import { encoderDims, promptEncoder } from './encoder.ts';

/** PEFT's in-memory names live under this prefix. */
export const PREFIX = 'prompt_encoder.default.';
export const EMBEDDING = `${PREFIX}embedding.weight`;

/**
 * Prepends P virtual tokens h [B, T, C] -> [B, P + T, C]. Training runs PEFT's prompt encoder in the graph;
 * with inference_mode (a PEFT-saved adapter, which holds only the encoder's output) the tokens are one fixed table.
 */
export function applyPTuning({ hooks, model, params }: ApplyContext, cfg: PTuningConfig): void {
  const d = encoderDims(cfg, model.hidden);
  if (!cfg.inference_mode && cfg.encoder_reparameterization_type === 'LSTM' && cfg.encoder_dropout > 0 && cfg.encoder_num_layers > 1) {
    throw new Error('p-tuning: encoder_dropout between LSTM layers is not supported in training; use 0');
  }
  hooks.embeddings.push((h) => {
    const [batch] = h.shape as [number, number, number];
    const prompt = cfg.inference_mode
      ? params.param(EMBEDDING, [d.tokens, d.dim], inits.normal(1))
      : promptEncoder(graphBackend(h.graph), (name, shape, init) => params.param(PREFIX + name, shape, init), cfg, d); // [P, C]
    const virtual = ops.expand(ops.unsqueeze(prompt, [0]), [batch, d.tokens, d.dim]); // [B, P, C]
    return { h: ops.concat([virtual, h], 1), virtualTokens: d.tokens }; // [B, P + T, C]
  });
}
