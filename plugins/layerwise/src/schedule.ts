import { blockIndex, isEmbeddingTensor, isFinalNorm, type ModelConfig } from '@edgetune/core';
import type { LayerwiseConfig } from './config.ts';

/**
 * Distance from the top of a base tensor (by HF name): 0 for the last block and the final norm, L for the
 * embeddings, null for tensors this method never trains (an untied lm_head, or embeddings when off).
 */
export function distanceFromTop(name: string, cfg: LayerwiseConfig, model: ModelConfig): number | null {
  const layer = blockIndex(name);
  if (layer !== null) return model.layers - 1 - layer;
  if (isFinalNorm(name)) return 0;
  if (cfg.embeddings && isEmbeddingTensor(name) && !name.startsWith('lm_head')) return model.layers;
  return null;
}

/** The first 0-based step at which a tensor at distance d trains. */
export const unfreezeStep = (d: number, cfg: LayerwiseConfig) => d * cfg.unfreeze_every;

/** LR multiplier at `step`: 0 before the tensor's block is unfrozen, lr_decay^d after. */
export function layerwiseScale(name: string, step: number, cfg: LayerwiseConfig, model: ModelConfig): number {
  const d = distanceFromTop(name, cfg, model);
  if (d === null) throw new Error(`layerwise: '${name}' is not a tensor this method trains`);
  return step >= unfreezeStep(d, cfg) ? cfg.lr_decay ** d : 0;
}
