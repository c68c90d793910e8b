/**
 * transformers' RepetitionPenaltyLogitsProcessor, in place: for every token already seen, a positive logit
 * is divided by the penalty and a negative one multiplied.
 */
export function applyRepetitionPenalty(logits: Float32Array, seen: Iterable<number>, penalty: number): void {
  if (penalty === 1) return;
  for (const t of seen) {
    const l = logits[t]!;
    logits[t] = l > 0 ? l / penalty : l * penalty;
  }
}

/** Indices of the k largest values, largest first (k small: one pass with an insertion-sorted list). */
export function topKIndices(values: Float32Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (top.length === k && v <= values[top[k - 1]!]!) continue;
    let j = Math.min(top.length, k - 1);
    if (top.length < k) top.push(i);
    while (j > 0 && values[top[j - 1]!]! < v) {
      top[j] = top[j - 1]!;
      j--;
    }
    top[j] = i;
  }
  return top;
}

/** Indices sorted by value, largest first (ties by index). */
export function sortedIndices(values: Float32Array): number[] {
  return Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b);
}

/** log(sum(exp(x))) over the given indices, stable. */
export function logSumExp(values: Float32Array, indices?: readonly number[]): number {
  let m = -Infinity;
  const n = indices ? indices.length : values.length;
  for (let j = 0; j < n; j++) m = Math.max(m, values[indices ? indices[j]! : j]!);
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(values[indices ? indices[j]! : j]! - m);
  return m + Math.log(s);
}

export function argmaxOf(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
