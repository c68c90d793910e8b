// Truncation to a maximum length: 'right' keeps the beginning, 'left' keeps the end (for
// completions the end holds the target).
import { exampleArrays } from './encode-lm.ts';

export type TruncationSide = 'left' | 'right';

export interface Encoded {
  input_ids: Int32Array;
  labels: Int32Array;
}

export function truncate<E extends Encoded>(ex: E, maxLength: number | undefined, side: TruncationSide = 'right'): E {
  const n = ex.input_ids.length;
  if (maxLength === undefined || n <= maxLength) return ex;
  const [a, b] = side === 'right' ? [0, maxLength] : [n - maxLength, n];
  const kept = exampleArrays(b - a);
  kept.input_ids.set(ex.input_ids.subarray(a, b));
  kept.labels.set(ex.labels.subarray(a, b));
  return { ...ex, ...kept };
}
