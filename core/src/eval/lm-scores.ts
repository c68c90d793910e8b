import { ops, type Value } from '../graph/index.ts';

/**
 * Per-token scores of a causal LM, in the graph so [B, T, V] logits never leave it: position t predicts
 * labels[t+1]. nll [B, T] is −log p(label) and hit [B, T] is 1 where the label has the highest logit
 * (greedy argmax; ties count as hits); both are 0 where the next label is -100.
 */
export function lmTokenScores(logits: Value, labels: Value, virtualTokens: number): { nll: Value; hit: Value } {
  const g = logits.graph;
  const batch = Number(logits.shape[0]);
  const seq = Number(labels.shape[1]);
  const real = virtualTokens > 0 ? ops.slice(logits, [virtualTokens], [virtualTokens + seq], [1]) : logits; // [B, T, V]
  const next = ops.concat([ops.slice(labels, [1], [seq], [1]), ops.expand(ops.scalar(g, -100, 'int64'), [batch, 1])], 1); // [B, T]
  const counted = ops.not(ops.equal(next, -100));
  const index = ops.unsqueeze(ops.where(counted, next, 0), [2]); // [B, T, 1]
  const picked = ops.reshape(ops.gatherElements(real, index, 2), [batch, seq]);
  const logp = ops.reshape(ops.gatherElements(ops.logSoftmax(real, -1), index, 2), [batch, seq]);
  const best = ops.reduceMax(real, [2], false); // [B, T]
  const hit = ops.cast(ops.not(ops.less(picked, best)), 'float32');
  return { nll: ops.where(counted, ops.neg(logp), 0), hit: ops.where(counted, hit, 0) };
}
