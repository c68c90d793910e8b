// Pads a batch to its longest example, or up to the next of a fixed set of lengths so that
// compiled ONNX sessions (cached per sequence bucket) are reused.
import { IGNORE_INDEX } from './types.ts';
import type { Encoded } from './example.ts';

export interface PadOptions {
  padTokenId?: number;
  /** Pad up to the smallest of these lengths that fits (e.g. [128, 256, 512, 1024]). */
  bucketLengths?: readonly number[];
  padToMultipleOf?: number;
  side?: 'left' | 'right';
}

export interface PaddedBatch {
  batch: number;
  seqLen: number;
  input_ids: Int32Array; // [B, T]
  attention_mask: Int32Array; // [B, T], 1 on real tokens
  labels: Int32Array; // [B, T], IGNORE_INDEX on padding
  /** Per-example targets (classification/regression) when present. [B] */
  targets?: Float64Array;
}

export function paddedLength(maxLen: number, opts: PadOptions = {}): number {
  let t = maxLen;
  if (opts.bucketLengths?.length) {
    const fit = [...opts.bucketLengths].sort((a, b) => a - b).find((b) => b >= maxLen);
    if (fit !== undefined) t = fit;
  }
  const m = opts.padToMultipleOf;
  if (m !== undefined && m > 1) t = Math.ceil(t / m) * m;
  return t;
}

export function padBatch(examples: readonly (Encoded & { target?: number })[], opts: PadOptions = {}): PaddedBatch {
  const batch = examples.length;
  let longest = 0;
  for (const e of examples) longest = Math.max(longest, e.input_ids.length);
  const seqLen = paddedLength(longest, opts);
  const input_ids = new Int32Array(batch * seqLen).fill(opts.padTokenId ?? 0);
  const attention_mask = new Int32Array(batch * seqLen);
  const labels = new Int32Array(batch * seqLen).fill(IGNORE_INDEX);
  const hasTargets = examples.some((e) => e.target !== undefined);
  const targets = hasTargets ? new Float64Array(batch) : undefined;
  examples.forEach((e, b) => {
    const n = e.input_ids.length;
    const at = b * seqLen + (opts.side === 'left' ? seqLen - n : 0);
    input_ids.set(e.input_ids, at);
    labels.set(e.labels, at);
    attention_mask.fill(1, at, at + n);
    if (targets) targets[b] = e.target ?? NaN;
  });
  return { batch, seqLen, input_ids, attention_mask, labels, targets };
}
