// Messages between the pipeline and its worker threads. Everything large is transferred, not
// copied. Large buffers (the batch's bytes, its hashes and signatures) go back and forth for
// reuse: a fresh multi-MB allocation costs page faults on every use, which on a busy VM costs
// more than the work. A batch's token ids and labels travel as one buffer each.
import type { AugmentOptions } from './augment.ts';
import type { EncodeOptions } from './encode.ts';
import { DataError, type DataErrorCode } from './errors.ts';
import type { CleanOptions } from './prepare.ts';
import type { Candidate } from './reduce.ts';
import { RECORD_KINDS, type RecordKind } from './schemas.ts';
import type { EncodedExample } from './types.ts';
import type { KindOption } from './validate.ts';
import { recordStratum } from './split.ts';

/** main -> worker: complete lines, back to back. Lines over the record limit have 0 bytes here. */
export interface BatchRequest {
  seq: number;
  buf: Uint8Array;
  /** Per line: its number and its real byte size. */
  lines: Int32Array;
  sizes: Int32Array;
  /** Hash and signature buffers of earlier results, handed back for reuse. */
  recycle: ArrayBuffer[];
}

export interface ErrorInfo {
  code: DataErrorCode;
  detail: string;
  line?: number;
  field?: string;
}

/** Bits of BatchResult.meta: the record kind's index in RECORD_KINDS, flags, the example count. */
export const META = {
  kindMask: 7,
  error: 8, // failed to parse or validate (its ErrorInfo is next in errors)
  empty: 16,
  tooLong: 32,
  sig: 64, // has a MinHash signature in sigs
  encodeError: 128, // encoding failed (its ErrorInfo is next in errors)
  preview: 256, // its preview is next in previews (records that may be dropped after the split)
  examplesShift: 9, // examples of the record: itself, then augmented copies
} as const;

/**
 * worker -> main, one entry per record in line order (blank lines have none), in flat arrays:
 * a structured clone of one object per record, or a transfer of one buffer per token array,
 * would cost more than the work.
 */
export interface BatchResult {
  seq: number;
  lines: Int32Array;
  meta: Int32Array;
  /** Per record: start and end of its line in buf (for previews read on the main thread). */
  spans: Int32Array;
  errors: ErrorInfo[];
  /** labelKeys of each classification and tagging record, in order. */
  keys: (string | number)[][];
  /** Previews of the records flagged META.preview or dropped as empty or too long, in order. */
  previews: string[];
  hashes: Uint32Array; // [≥ records, 2]
  sigs: Uint32Array; // [≥ records, numPerm]
  numPerm: number;
  /** Example e's tokens are ids/labels[offsets[e], offsets[e + 1]). */
  offsets: Int32Array;
  ids: Int32Array;
  labels: Int32Array;
  targets: Float64Array; // [examples], NaN where none
  tagNames: string[];
  /** The request's byte buffer, back for reuse. */
  buf: ArrayBuffer;
}

/** Buffers to transfer with a result (each once). */
export function resultTransfers(r: BatchResult): ArrayBuffer[] {
  const all = [r.lines, r.meta, r.spans, r.hashes, r.sigs, r.offsets, r.ids, r.labels, r.targets];
  // (ids and labels are views of reused buffers: their whole buffer goes)
  return [...new Set<ArrayBuffer>([...all.map((a) => a.buffer as ArrayBuffer), r.buf])];
}

export const errorInfo = (e: DataError): ErrorInfo => ({ code: e.code, detail: e.detail, line: e.line, field: e.field });
export const toDataError = (e: ErrorInfo): DataError => new DataError(e.code, e.detail, { line: e.line, field: e.field });

/**
 * Unpacks a batch into parse errors and candidates, in line order. The candidates' examples
 * are views of the batch's buffers, like preview(buf, start, end), which reads a record's
 * preview from its line: both are valid only while the batch is being handed to the reducer
 * (the buffers are reused afterwards), which copies the examples of the records it keeps.
 */
export function* unpackBatch(r: BatchResult, preview: (buf: Uint8Array, start: number, end: number) => string): Generator<DataError | Candidate> {
  let ex = 0;
  let err = 0;
  let key = 0;
  let prev = 0;
  const buf = new Uint8Array(r.buf);
  const example = (kind: RecordKind): EncodedExample => {
    const target = r.targets[ex]!;
    const a = r.offsets[ex]!;
    const b = r.offsets[ex + 1]!;
    const e: EncodedExample = { kind, input_ids: r.ids.subarray(a, b), labels: r.labels.subarray(a, b) };
    ex++;
    if (!Number.isNaN(target)) e.target = target;
    return e;
  };
  for (let i = 0; i < r.lines.length; i++) {
    const m = r.meta[i]!;
    const line = r.lines[i]!;
    if (m & META.error) {
      yield toDataError(r.errors[err++]!);
      continue;
    }
    const kind = RECORD_KINDS[m & META.kindMask]!;
    const labelKeys = kind === 'classification' || kind === 'tagging' ? r.keys[key++]! : [];
    const drop = m & META.empty ? 'empty' : m & META.tooLong ? 'too_long' : undefined;
    const start = r.spans[2 * i]!;
    const end = r.spans[2 * i + 1]!;
    const count = m >>> META.examplesShift;
    const main = count > 0 ? example(kind) : undefined;
    const augmented: EncodedExample[] = [];
    for (let k = 1; k < count; k++) augmented.push(example(kind));
    yield {
      line,
      kind,
      stratum: kind === 'classification' ? recordStratum({ kind, data: { label: labelKeys[0] } }) : kind,
      labelKeys,
      preview: drop || m & META.preview ? r.previews[prev++]! : () => preview(buf, start, end),
      drop,
      hashHi: r.hashes[2 * i]!,
      hashLo: r.hashes[2 * i + 1]!,
      sig: m & META.sig ? r.sigs.subarray(i * r.numPerm, (i + 1) * r.numPerm) : undefined,
      encoded: {
        example: main,
        augmented,
        error: m & META.encodeError ? toDataError(r.errors[err++]!) : undefined,
        tagNames: r.tagNames,
      },
    };
  }
}

/** How a worker builds its own tokenizer: `module` exports a factory (default `createTokenizer`). */
export interface WorkerTokenizerSpec {
  /** Absolute path or URL of an ES module (or a package name). */
  module: string;
  export?: string;
  /** Passed to the factory; must be structured-cloneable. */
  options?: unknown;
}

export interface WorkerInit {
  kind: KindOption;
  maxRecordBytes: number;
  clean?: CleanOptions;
  encode: Omit<EncodeOptions, 'tokenizer' | 'qaPrompt'>;
  augment?: AugmentOptions;
  tokenizer: WorkerTokenizerSpec;
}
