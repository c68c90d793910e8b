import { inits, matchesTarget, ops, type ApplyContext, type Init } from '@edgetune/core';
import { isFeedforward, type IA3Config } from './config.ts';

export const PREFIX = 'base_model.model.';

/** In-memory (PEFT) name of one module's scaling vector. */
export const ia3Name = (path: string) => `${PREFIX}${path}.ia3_l.default`;

/**
 * (IA)^3 (Liu et al. 2022) as PEFT computes it (tuners/ia3/layer.py): a learned vector l rescales a
 * feedforward module's input, y = base(x ⊙ l) with l: [1, in], or any other module's output, bias
 * included, y = base(x) ⊙ l with l: [out, 1].
 */
export function applyIA3({ hooks, params }: ApplyContext, cfg: IA3Config): void {
  // init_ia3_weights=false: torch.randn, so the adapter starts as a non-identity (PEFT's tests do this).
  const init: Init = cfg.init_ia3_weights ? inits.ones : inits.normal(1);
  hooks.linear.push((site, x, next) => {
    if (!matchesTarget(site, cfg.target_modules)) return next(x);
    if (cfg.exclude_modules && matchesTarget(site, cfg.exclude_modules)) return next(x);
    if (isFeedforward(cfg, site.path)) {
      const l = params.param(ia3Name(site.path), [1, site.inFeatures], init); // [1, in]
      return next(ops.mul(x, ops.reshape(l, [site.inFeatures]))); // x: [.., in]
    }
    const l = params.param(ia3Name(site.path), [site.outFeatures, 1], init); // [out, 1]
    return ops.mul(next(x), ops.reshape(l, [site.outFeatures])); // [.., out]
  });
}
