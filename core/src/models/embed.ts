import { ops, typedFrom, type Value } from '../graph/index.ts';
import type { BuildContext, CausalLMInputs } from './context.ts';

export interface Embedded {
  /** [B, P + T, C] token embeddings with any virtual tokens in front. */
  h: Value;
  virtualTokens: number;
  /** [B|1, P + T] positions; after prefix keys they start at the prefix length, as with a KV cache. */
  positionIds: Value;
  /** [B, P + T] attention mask, virtual tokens always attended; absent when every token is. */
  mask?: Value;
}

export function embedTokens(ctx: BuildContext, inputs: CausalLMInputs, table: Value): Embedded {
  const { g } = ctx;
  let h = ops.gather(table, inputs.inputIds); // h: [B, T, C]
  let virtualTokens = 0;
  for (const hook of ctx.hooks.embeddings) {
    const r = hook(h);
    h = r.h;
    virtualTokens += r.virtualTokens;
  }
  const [batch, seq] = h.shape as [number, number, number];
  let mask = inputs.attentionMask;
  if (mask && virtualTokens > 0) mask = ops.concat([ops.expand(ops.scalar(g, 1, 'int64'), [batch, virtualTokens]), mask], 1);
  let positionIds = inputs.positionIds;
  if (!positionIds) {
    const start = ctx.hooks.prefixTokens;
    const positions = typedFrom('int64', Array.from({ length: seq }, (_, i) => start + i));
    positionIds = g.constant('int64', [1, seq], positions, `positions:${start}:${seq}`);
  } else if (virtualTokens > 0) {
    throw new Error('explicit position_ids cannot be combined with virtual-token methods');
  }
  return { h, virtualTokens, positionIds, mask };
}
