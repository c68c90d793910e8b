import { matchesTarget, ops, type ApplyContext, type LinearSite } from '@edgetune/core';
import { applyLora } from '@edgetune/plugin-lora';
import type { QloraConfig } from './config.ts';
import { dequantizeInGraph } from './dequant.ts';
import { quantizeNf4 } from './nf4.ts';

/** Whether a linear's base weight is 4-bit: every block linear, or only the LoRA targets. */
export function isQuantized(site: Pick<LinearSite, 'path' | 'layer'>, cfg: QloraConfig): boolean {
  if (cfg.quantize_modules === 'all') return true;
  const s = site as LinearSite;
  return matchesTarget(s, cfg.target_modules, cfg.layers_to_transform) && !(cfg.exclude_modules && matchesTarget(s, cfg.exclude_modules));
}

/**
 * The frozen weight's float32 data in graph layout [in, out], taken out of the graph: the quantized
 * copy replaces it, so the exported model carries 4-bit codes only.
 */
function takeFloatWeight(site: LinearSite): Float32Array {
  const g = site.weight.graph;
  const init = g.initializers.get(site.weight.id);
  if (!init || !(init.data instanceof Float32Array)) throw new Error(`qlora: the base weight of ${site.path} is not a frozen float32 tensor`);
  // The builders make one weight per linear; drop it only if nothing else reads it. (A stopgap: a core hook
  // letting a plugin provide a base weight would keep FrozenWeights from making the float32 copy at all.)
  if (!g.nodes.some((n) => n.inputs.includes(site.weight))) g.initializers.delete(site.weight.id);
  return init.data;
}

/**
 * QLoRA (Dettmers et al. 2023): the base projection runs on NF4 weights dequantized in the graph,
 * y = x @ deq(W) + bias, and LoRA (the lora plugin's own hook) adds s·B·A x on top in float32.
 */
export function applyQlora(ctx: ApplyContext, cfg: QloraConfig): void {
  ctx.hooks.linear.push((site, x, next) => {
    if (!isQuantized(site, cfg)) return next(x);
    // Replaces the base projection: no call to next, whose weight is the float32 copy.
    const q = quantizeNf4(takeFloatWeight(site), cfg.block_size, cfg.double_quant);
    const w = dequantizeInGraph(site.weight.graph, `${site.path}.weight`, q, [site.inFeatures, site.outFeatures]); // [in, out]
    const y = ops.matmul(x, w); // [.., out]
    return site.bias ? ops.add(y, site.bias) : y;
  });
  applyLora(ctx, cfg); // outer hook: base (above) + s·B·A x
}
