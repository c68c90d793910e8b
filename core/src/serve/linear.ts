import { ops, type Value } from '../graph/index.ts';
import { emit } from '../graph/ops/emit.ts';
import type { ServeContext } from './context.ts';
import { loraDelta } from './lora-delta.ts';
import { scaleBias, scaleIn, scaleOut } from './names.ts';
import type { ServeSite } from './sites.ts';

/** Frozen weight [in, out] and bias of a site, as graph initializers. */
export function siteWeights(ctx: ServeContext, site: ServeSite): { w: Value; bias: Value | null } {
  const { weights } = ctx;
  const w = site.conv1d ? weights.get(`${site.path}.weight`) : weights.transposed(`${site.path}.weight`);
  const bias = site.hasBias && weights.has(`${site.path}.bias`) ? weights.get(`${site.path}.bias`) : null;
  return { w, bias };
}

/** A per-row vector input [B, 1, n]. */
function perRow(ctx: ServeContext, name: string, n: number): Value {
  return ctx.g.input(name, 'float32', [ctx.dims.batch, 1, n]);
}

/**
 * y = ((x ⊙ s_in) @ W + lora(x)) ⊙ s_out + b_row for a mixed batch, each row with its own entries:
 * IA3 feedforward scales s_in; IA3 scales s_out and b_row = b ⊙ l; DoRA s_out = m / ||W + s·B·A|| with
 * b_row = b; LoRA only the delta; base rows get identity entries. x: [B, T, in] -> [B, T, out].
 */
export function serveLinear(ctx: ServeContext, site: ServeSite, x: Value): Value {
  const { w, bias } = siteWeights(ctx, site);
  const { lora, scale } = ctx.features;
  return ctx.g.scope(site.path, () => {
    const xin = scale ? ops.mul(x, perRow(ctx, scaleIn(site.path), site.inFeatures)) : x;
    const y = ops.matmul(xin, w);
    const delta = lora === 'none' ? null : loraDelta(ctx, site, x);
    if (scale) {
      const scaled = ops.mul(delta ? ops.add(y, delta) : y, perRow(ctx, scaleOut(site.path), site.outFeatures));
      return bias ? ops.add(scaled, perRow(ctx, scaleBias(site.path), site.outFeatures)) : scaled;
    }
    // one Sum, not two Adds: each elementwise op costs a thread-pool round trip per decode step
    const terms = [y, delta, bias].filter((v): v is Value => v !== null);
    return terms.length === 1 ? y : terms.length === 2 ? ops.add(terms[0]!, terms[1]!) : emit(ctx.g, 'Sum', terms, 'float32', y.shape);
  });
}
