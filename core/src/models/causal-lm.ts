import { ops, type Value } from '../graph/index.ts';
import type { BuildContext, CausalLMInputs, CausalLMOutput } from './context.ts';
import { gpt2 } from './gpt2.ts';
import { llama } from './llama.ts';

/** The decoder trunk for the configured architecture. */
export function causalLM(ctx: BuildContext, inputs: CausalLMInputs): CausalLMOutput {
  return ctx.config.arch === 'gpt2' ? gpt2(ctx, inputs) : llama(ctx, inputs);
}

/** The output projection [C, V]: lm_head, or the token embedding when tied. */
export function lmHeadWeight(ctx: BuildContext): Value {
  const { config, weights } = ctx;
  if (config.arch === 'gpt2') return weights.transposed('transformer.wte.weight');
  if (config.tieEmbeddings || !weights.has('lm_head.weight')) return weights.transposed('model.embed_tokens.weight');
  return weights.transposed('lm_head.weight');
}

/** logits [B, T, V] = hidden [B, T, C] @ W_head. */
export function lmHead(ctx: BuildContext, hidden: Value): Value {
  return ops.matmul(hidden, lmHeadWeight(ctx));
}

/**
 * Causal-LM loss as transformers computes it: position t predicts label t+1; labels of -100 are ignored;
 * the mean is over the remaining tokens. Shifting the labels (not the logits) avoids a [B, T-1, V] copy.
 */
export function causalLMLoss(logits: Value, labels: Value): Value {
  const [batch, seq, vocab] = logits.shape as [number, number, number];
  const g = logits.graph;
  const next = ops.concat([ops.slice(labels, [1], [seq], [1]), ops.expand(ops.scalar(g, -100, 'int64'), [batch, 1])], 1);
  return ops.crossEntropy(ops.reshape(logits, [batch * seq, vocab]), ops.reshape(next, [batch * seq])).loss;
}
