import { inits, matchesTarget, ops, type ApplyContext, type Init, type Value } from '@edgetune/core';
import { moduleRank, type LoraConfig } from './config.ts';

export const PREFIX = 'base_model.model.';

/** In-memory (PEFT) names of one module's LoRA factors. */
export function loraNames(path: string): { a: string; b: string } {
  return { a: `${PREFIX}${path}.lora_A.default.weight`, b: `${PREFIX}${path}.lora_B.default.weight` };
}

/** A's initializer; PEFT's data-driven inits (pissa, olora, ...) only apply to adapters loaded from disk. */
function initFor(mode: LoraConfig['init_lora_weights'], r: number): Init {
  if (mode === 'gaussian') return inits.normal(1 / r);
  if (typeof mode === 'string') {
    return () => {
      throw new Error(`lora: init_lora_weights '${mode}' cannot initialize new weights (use true, false or 'gaussian')`);
    };
  }
  return inits.kaimingUniform;
}

/** Rewrites every targeted linear: y = base(x) + scaling * (x @ A^T) @ B^T. */
export function applyLora({ hooks, params }: ApplyContext, cfg: LoraConfig): void {
  hooks.linear.push((site, x, next) => {
    if (!matchesTarget(site, cfg.target_modules, cfg.layers_to_transform)) return next(x);
    if (cfg.exclude_modules && matchesTarget(site, cfg.exclude_modules)) return next(x);
    const { r, scaling } = moduleRank(cfg, site.path);
    const names = loraNames(site.path);
    const initA = initFor(cfg.init_lora_weights, r);
    // init_lora_weights=false: B random too, so the adapter starts as a non-identity (as PEFT's tests do).
    const initB = cfg.init_lora_weights === false ? inits.kaimingUniform : inits.zeros;
    const a = params.param(names.a, [r, site.inFeatures], initA); // A: [r, in]
    const b = params.param(names.b, [site.outFeatures, r], initB); // B: [out, r]
    const down: Value = ops.matmul(x, ops.transpose(a, [1, 0])); // [.., r]
    const up = ops.matmul(down, ops.transpose(b, [1, 0])); // [.., out]
    return ops.add(next(x), ops.mul(up, scaling));
  });
}
