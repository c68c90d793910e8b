import { ops, type Value } from '../graph/index.ts';
import { emit } from '../graph/ops/emit.ts';
import type { ServeContext } from './context.ts';
import { loraA, loraB } from './names.ts';
import type { ServeSite } from './sites.ts';

/**
 * The LoRA delta of one linear for a mixed batch, Punica/S-LoRA's BGMV in plain ONNX: each row's factors,
 * picked by its adapter, go through one batched matmul. Per row, or grouped: tokens gathered into one
 * group per distinct adapter (rows without LoRA form a group of zero factors), multiplied by that
 * adapter's A and B, and gathered back to their rows. The factors are graph inputs, so a new adapter needs
 * no rebuild. x: [B, T, in] -> [B, T, out]; zero on rows without LoRA.
 */
export function loraDelta(ctx: ServeContext, site: ServeSite, x: Value): Value {
  return ctx.features.lora === 'rows' ? perRowDelta(ctx, site, x) : groupedDelta(ctx, site, x);
}

/**
 * Factors per row: x [B, T, in] @ A [L, in, R] @ B [L, R, out], two batched matmuls. L is B, or 1 when
 * every row runs the same adapter: broadcasting then reads its factors once.
 */
function perRowDelta(ctx: ServeContext, site: ServeSite, x: Value): Value {
  const a = ctx.g.input(loraA(site.path), 'float32', ['lora_rows', site.inFeatures, 'lora_rank']);
  const b = ctx.g.input(loraB(site.path), 'float32', ['lora_rows', 'lora_rank', site.outFeatures]);
  const [batch, seq] = x.shape;
  const down = emit(ctx.g, 'MatMul', [x, a], 'float32', [batch!, seq!, 'lora_rank']); // [B, T, R]
  return emit(ctx.g, 'MatMul', [down, b], 'float32', [batch!, seq!, site.outFeatures]); // [B, T, out]
}

function groupedDelta(ctx: ServeContext, site: ServeSite, x: Value): Value {
  const { g, rows } = ctx;
  if (!rows.loraGather || !rows.loraScatter) throw new Error('loraDelta: the graph has no LoRA routing inputs');
  const a = g.input(loraA(site.path), 'float32', ['lora_groups', site.inFeatures, 'lora_rank']); // [U, in, R]
  const b = g.input(loraB(site.path), 'float32', ['lora_groups', 'lora_rank', site.outFeatures]); // [U, R, out]
  const tokens = ops.reshape(x, [-1, site.inFeatures]); // [B*T, in]
  const grouped = ops.gather(tokens, rows.loraGather); // [U, N, in]
  const up = ops.matmul(ops.matmul(grouped, a), b); // [U, N, out]
  return ops.gather(ops.reshape(up, [-1, site.outFeatures]), rows.loraScatter); // [B, T, out]
}
