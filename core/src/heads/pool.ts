// Last-token pooling, as transformers' *ForSequenceClassification does for decoder models.
import { ops, typedFrom, type Value } from '../graph/index.ts';

/**
 * Each row's last real position [B] (int64). transformers 5 takes the rightmost token that is not
 * padding: `(arange(T) * (input_ids != pad_token_id)).argmax(-1)`; for right padding that is the first pad
 * position − 1, and it also handles left padding. With an attention mask we read "real" from the mask
 * (mask 1), which needs no pad id and works when pad = eos. With neither, every row ends at T − 1.
 */
export function lastTokenIndex(inputIds: Value, attentionMask: Value | undefined, padTokenId: number | null): Value {
  const g = inputIds.graph;
  const [batch, seq] = inputIds.shape as [number, number];
  let real: Value | undefined = attentionMask; // real: [B, T] int64, 1 at real tokens
  if (!real && padTokenId !== null) real = ops.cast(ops.not(ops.equal(inputIds, padTokenId)), 'int64');
  if (!real) return ops.expand(ops.scalar(g, seq - 1, 'int64'), [batch]);
  const positions = g.constant('int64', [1, seq], typedFrom('int64', Array.from({ length: seq }, (_, i) => i)), `arange:${seq}`);
  // An all-pad row gives 0, as argmax over zeros does.
  return ops.reduceMax(ops.mul(real, positions), [1], false); // [B]
}

/** hidden [B, T, C] at `index` [B] → [B, C]; GatherElements, so the gradient scatters back to one position. */
export function poolAt(hidden: Value, index: Value): Value {
  const [batch, , c] = hidden.shape as [number, number, number];
  const idx = ops.expand(ops.reshape(index, [batch, 1, 1]), [batch, 1, c]); // [B, 1, C]
  return ops.reshape(ops.gatherElements(hidden, idx, 1), [batch, c]);
}
