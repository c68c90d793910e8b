// Token-level loss terms composed from standard ops, on the rows the causal loss scores.
import { ops, type Value } from '../graph/index.ts';
import type { LossGraph } from '../engine/loss-graph.ts';

export interface ScoredRows {
  /** Logits of the real (non-virtual) positions: [N = B*T, V]. */
  logits: Value;
  /** 1 where the row's next-token label counts, else 0: [N]. */
  valid: Value;
  /** Number of counted rows, at least 1: []. */
  count: Value;
}

/** The rows causalLMLoss scores: position t predicts labels[t+1]; -100 and the last position do not count. */
export function scoredRows(lg: LossGraph): ScoredRows {
  const { g } = lg;
  const labels = g.inputs.find((v) => v.name === 'labels');
  if (!labels) throw new Error('loss graph has no labels input');
  const [batch, seq] = labels.shape as [number, number];
  const vocab = lg.logits.shape[2] as number;
  const p = lg.virtualTokens;
  const real = p > 0 ? ops.slice(lg.logits, [p], [p + seq], [1]) : lg.logits; // [B, T, V]
  const next = ops.concat([ops.slice(labels, [1], [seq], [1]), ops.expand(ops.scalar(g, -100, 'int64'), [batch, 1])], 1);
  const valid = ops.cast(ops.not(ops.equal(ops.reshape(next, [batch * seq]), -100)), lg.logits.dtype); // [N]
  const count = ops.max(ops.reduceSum(valid, [0], false), 1);
  return { logits: ops.reshape(real, [batch * seq, vocab]), valid, count };
}

/** Mean of a per-row quantity [N] over the counted rows. */
export function rowMean(perRow: Value, rows: ScoredRows): Value {
  return ops.div(ops.reduceSum(ops.mul(perRow, rows.valid), [0], false), rows.count);
}

/**
 * torch's CrossEntropyLoss(label_smoothing=eps): (1-eps)·CE + eps·mean_v(-log softmax), over counted rows.
 * (The CE op's own log-probabilities output carries no gradient rule, so the term takes its own LogSoftmax.)
 */
export function labelSmoothed(ce: Value, rows: ScoredRows, eps: number): Value {
  const uniform = ops.neg(ops.reduceMean(ops.logSoftmax(rows.logits, -1), [1], false)); // [N]
  return ops.add(ops.mul(ce, 1 - eps), ops.mul(rowMean(uniform, rows), eps));
}

/**
 * Hinton et al.'s distillation term T²·KL(softmax(teacher/T) || softmax(student/T)), averaged over counted
 * rows. teacher: [N, V] logits on the same rows, carrying no gradient.
 */
export function distillKl(rows: ScoredRows, teacher: Value, temperature: number): Value {
  const logPt = ops.logSoftmax(ops.div(teacher, temperature), -1); // [N, V]
  const logPs = ops.logSoftmax(ops.div(rows.logits, temperature), -1); // [N, V]
  const kl = ops.reduceSum(ops.mul(ops.exp(logPt), ops.sub(logPt, logPs)), [1], false); // [N]
  return ops.mul(rowMean(kl, rows), temperature * temperature);
}
