// Perplexity = exp(mean token negative log-likelihood), as torchmetrics' Perplexity defines it.
import { assertFinite, assertNonEmpty, assertSameLength } from './validate.ts';

/**
 * From per-token NLLs (natural log). With `weights` the inputs are per-batch mean losses and the
 * weights their token counts, so the result still averages over tokens.
 */
export function perplexityFromNll(nll: readonly number[], weights?: readonly number[]): number {
  assertNonEmpty('perplexity', nll);
  assertFinite('perplexity NLL', nll);
  if (!weights) return Math.exp(nll.reduce((a, b) => a + b, 0) / nll.length);
  assertSameLength('perplexity losses vs weights', nll, weights);
  const w = weights.reduce((a, b) => a + b, 0);
  if (!(w > 0)) throw new RangeError('perplexity: weights must sum to a positive number');
  return Math.exp(nll.reduce((a, v, i) => a + v * weights[i], 0) / w);
}

/** NLL of `target` under softmax(logits), computed stably as logsumexp(logits) - logits[target]. */
export function tokenNll(logits: ArrayLike<number>, target: number): number {
  if (!Number.isInteger(target) || target < 0 || target >= logits.length) {
    throw new RangeError(`perplexity: target ${target} is outside the vocabulary (size ${logits.length})`);
  }
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  return max + Math.log(sum) - logits[target];
}

/**
 * From logits rows (one per token, already aligned: row i predicts targets[i]; shift causal LM
 * outputs first) and targets; tokens whose target equals `ignoreIndex` are left out.
 */
export function perplexityFromLogits(
  logits: readonly ArrayLike<number>[], targets: readonly number[], { ignoreIndex }: { ignoreIndex?: number } = {},
): number {
  assertSameLength('perplexity logits vs targets', logits, targets);
  const nll: number[] = [];
  targets.forEach((t, i) => {
    if (ignoreIndex !== undefined && t === ignoreIndex) return;
    nll.push(tokenNll(logits[i], t));
  });
  if (nll.length === 0) throw new RangeError('perplexity: every target is ignored; nothing to score');
  return perplexityFromNll(nll);
}
