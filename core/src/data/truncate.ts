// Truncation to a maximum length: 'right' keeps the beginning, 'left' keeps the end (for
// completions the end holds the target).
import { copyExample, exampleArrays, type Encoded, type ExampleAlloc } from './example.ts';

export type TruncationSide = 'left' | 'right';

export function truncate<E extends Encoded>(ex: E, maxLength: number | undefined, side: TruncationSide = 'right', alloc: ExampleAlloc = exampleArrays): E {
  const n = ex.input_ids.length;
  if (maxLength === undefined || n <= maxLength) return ex;
  const [a, b] = side === 'right' ? [0, maxLength] : [n - maxLength, n];
  return { ...ex, ...copyExample(ex.input_ids.subarray(a, b), ex.labels.subarray(a, b), alloc) };
}
