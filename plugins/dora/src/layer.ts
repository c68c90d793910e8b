import { matchesTarget, ops, type ApplyContext, type HostTensor, type Init, type LinearSite, type Value } from '@edgetune/core';
import { applyLora, loraNames, moduleRank } from '@edgetune/plugin-lora';
import { loraView, type DoraConfig } from './config.ts';
import { magnitudeName } from './names.ts';
import { addLowRank, rowNorms } from './norms.ts';

const targeted = (site: LinearSite, cfg: DoraConfig) =>
  matchesTarget(site, cfg.target_modules, cfg.layers_to_transform) && !(cfg.exclude_modules && matchesTarget(site, cfg.exclude_modules));

const declared: Init = () => {
  throw new Error('dora: the LoRA factors must be declared by the lora hook first');
};

/**
 * PEFT's init: magnitude = ||W + s·B·A|| per output row (= ||W|| when B starts at zero), from the frozen
 * weight's initializer data [in, out] and the factors' initial values.
 */
function magnitudeInit(ctx: ApplyContext, site: LinearSite, a: string, b: string, scaling: number): Init {
  return () => {
    const w = site.weight.graph.initializers.get(site.weight.id)?.data;
    if (!(w instanceof Float32Array)) throw new Error(`dora: cannot initialize ${site.path}: its base weight is not a frozen float32 initializer`);
    const va = ctx.params.values.get(a) as HostTensor;
    const vb = ctx.params.values.get(b) as HostTensor;
    const layout = { inF: site.inFeatures, out: site.outFeatures, outMajor: false };
    return rowNorms(addLowRank(w, va.data as Float32Array, vb.data as Float32Array, scaling, layout), layout);
  };
}

/**
 * DoRA (Liu et al. 2024) as PEFT 0.21 computes it (tuners/lora/dora.py), over LoRA's own hook:
 *   y = base(x) + (m/||W + s·BA|| - 1) ⊙ (x @ W) + (m/||W + s·BA||) ⊙ s·lora(x)
 * The LoRA hook below us returns z = x @ W + bias + s·lora(x), so y = scale ⊙ (z - bias) + bias: the same
 * value without a second x @ W (PEFT notes this form is exact when there is no dropout, as here).
 * The norm is detached (DoRA paper §4.3), so only the magnitude and the factors' lora path get gradients.
 */
export function applyDora(ctx: ApplyContext, cfg: DoraConfig, opts: { detachNorm?: boolean } = {}): void {
  const detach = opts.detachNorm ?? true; // false only to check the graph's exact derivative in tests
  applyLora(ctx, loraView(cfg));
  ctx.hooks.linear.push((site, x, next) => {
    if (!targeted(site, cfg)) return next(x);
    const z = next(x); // [.., out]: declares lora_A, lora_B first, as PEFT orders them
    const { r, scaling } = moduleRank(loraView(cfg), site.path);
    const names = loraNames(site.path);
    const a = ctx.params.param(names.a, [r, site.inFeatures], declared); // A: [r, in]
    const b = ctx.params.param(names.b, [site.outFeatures, r], declared); // B: [out, r]
    const m = ctx.params.param(magnitudeName(site.path), [site.outFeatures], magnitudeInit(ctx, site, names.a, names.b, scaling)); // [out]
    const delta = ops.matmul(ops.transpose(a, [1, 0]), ops.transpose(b, [1, 0])); // (B·A)^T: [in, out]
    const full = ops.add(site.weight, ops.mul(delta, scaling)); // [in, out]
    const raw = ops.sqrt(ops.reduceSum(ops.mul(full, full), [0], false)); // [out]
    const norm = detach ? ops.stopGradient(raw) : raw;
    const scale = ops.div(m, norm); // [out]
    const noBias: Value = site.bias ? ops.sub(z, site.bias) : z;
    const scaled = ops.mul(noBias, scale);
    return site.bias ? ops.add(scaled, site.bias) : scaled;
  });
}
