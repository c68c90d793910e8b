// Per-tensor LR multipliers: a method's own step schedule (lrScale) times layer-wise LR decay.
import { blockIndex, isEmbeddingTensor, type MethodPlugin } from '../plugin/index.ts';
import type { ModelConfig } from '../weights/index.ts';

/** PEFT in-memory names wrap the HF module path ('base_model.model.transformer.h.3.…'). */
const PEFT_PREFIX = /^base_model\.model\./;

/**
 * Layer-wise LR decay (Clark et al. 2020): decay^(layers-1-layer) for a tensor in block `layer`, so the top
 * block trains at the full rate; embeddings get decay^layers; tensors outside blocks (final norm, prompt
 * and prefix encoders) get 1.
 */
export function layerDecayScale(name: string, decay: number, layers: number): number {
  const hf = name.replace(PEFT_PREFIX, '');
  const layer = blockIndex(hf);
  if (layer !== null) return decay ** (layers - 1 - layer);
  return isEmbeddingTensor(hf) ? decay ** layers : 1;
}

export type ParamScale = (param: string, step: number) => number;

/** The multiplier the step graph gets for `param` at `step`, or undefined when every tensor gets 1 always. */
export function paramScale(plugin: MethodPlugin, config: unknown, model: ModelConfig, layerLrDecay?: number): ParamScale | undefined {
  const own = plugin.lrScale;
  if (!own && !layerLrDecay) return undefined;
  const ctx = { config, model };
  return (param, step) => {
    const s = own ? own(param, step, ctx) : 1;
    if (!Number.isFinite(s) || s < 0) throw new Error(`method '${plugin.name}': lrScale('${param}', ${step}) gave ${s}; it must be a finite number >= 0`);
    return layerLrDecay ? s * layerDecayScale(param, layerLrDecay, model.layers) : s;
  };
}
