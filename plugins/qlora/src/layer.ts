import { blockIndex, isNormTensor, matchesTarget, type ApplyContext, type LinearSite } from '@edgetune/core';
import { applyLora } from '@edgetune/plugin-lora';
import type { QloraConfig } from './config.ts';
import { dequantizeInGraph } from './dequant.ts';
import { quantizeNf4 } from './nf4.ts';

/** Whether a linear's base weight is 4-bit: every block linear, or only the LoRA targets. */
export function isQuantized(site: Pick<LinearSite, 'path' | 'layer'>, cfg: QloraConfig): boolean {
  if (cfg.quantize_modules === 'all') return true;
  return matchesTarget(site, cfg.target_modules, cfg.layers_to_transform) && !(cfg.exclude_modules && matchesTarget(site, cfg.exclude_modules));
}

/** The module path and block of a base weight name ('…attn.c_attn.weight'); null for non-linear tensors. */
function linearOf(name: string): Pick<LinearSite, 'path' | 'layer'> | null {
  const layer = blockIndex(name);
  if (layer === null || !name.endsWith('.weight') || isNormTensor(name)) return null;
  const path = name.slice(0, -'.weight'.length);
  return { path, layer };
}

/**
 * QLoRA (Dettmers et al. 2023): the targeted base weights are stored as NF4 codes and dequantized in the
 * graph, so the base projection is x @ deq(W) + bias; LoRA (the lora plugin's hook) adds s·B·A x on top.
 */
export function applyQlora(ctx: ApplyContext, cfg: QloraConfig): void {
  ctx.hooks.baseWeight.push((name, weight, g) => {
    const site = linearOf(name);
    if (!site || weight.shape.length !== 2 || !isQuantized(site, cfg)) return undefined;
    const q = quantizeNf4(weight.data(), cfg.block_size, cfg.double_quant);
    return dequantizeInGraph(g, name, q, weight.shape as [number, number]); // [in, out]
  });
  applyLora(ctx, cfg);
}
