import { ops, type Value } from '../graph/index.ts';
import type { ServeContext } from './context.ts';
import { PROMPT_EMBEDS } from './names.ts';

/**
 * Token embeddings [B, T, C] from table [V, C]. With prompt tuning, ids >= V are virtual tokens: row id-V of
 * the prompt_embeds input, so each row carries its own adapter's virtual tokens.
 */
export function serveEmbed(ctx: ServeContext, table: Value, ids: Value): Value {
  if (!ctx.features.prompt) return ops.gather(table, ids);
  const { g, config } = ctx;
  const prompt = g.input(PROMPT_EMBEDS, 'float32', ['prompt_rows', config.hidden]); // [NP, C]
  const real = ops.less(ids, ops.scalar(g, config.vocabSize, 'int64')); // [B, T]
  const zero = ops.scalar(g, 0, 'int64');
  const fromTable = ops.gather(table, ops.where(real, ids, zero));
  const fromPrompt = ops.gather(prompt, ops.where(real, zero, ops.sub(ids, config.vocabSize)));
  return ops.where(ops.unsqueeze(real, [2]), fromTable, fromPrompt);
}
