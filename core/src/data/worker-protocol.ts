// Messages between the pipeline and its worker threads. Everything large is transferred, not
// copied. Large buffers (the batch's bytes, its hashes and signatures) go back and forth for
// reuse: a fresh multi-MB allocation costs page faults on every use, which on a busy VM costs
// more than the work. Token arrays are small (malloc reuses their memory) and move one by one.
import type { AugmentOptions } from './augment.ts';
import type { EncodeOptions } from './encode.ts';
import { DataError, type DataErrorCode } from './errors.ts';
import type { CleanOptions } from './prepare.ts';
import type { Candidate } from './reduce.ts';
import type { RecordKind } from './schemas.ts';
import type { EncodedExample } from './types.ts';
import type { KindOption } from './validate.ts';

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

/** Per record outcome; blank lines have none. */
export interface ItemMeta {
  line: number;
  error?: ErrorInfo; // failed to parse or validate
  kind?: RecordKind;
  stratum?: string;
  labelKeys?: (string | number)[];
  preview?: string;
  drop?: 'empty' | 'too_long';
  hasSig?: boolean;
  encodeError?: ErrorInfo;
  /** Examples of this record in `examples`: the record itself, then augmented copies. */
  examples?: number;
}

/** worker -> main */
export interface BatchResult {
  seq: number;
  items: ItemMeta[];
  hashes: Uint32Array; // [≥ items, 2]
  sigs: Uint32Array; // [≥ items, numPerm]
  numPerm: number;
  ids: Int32Array[]; // per example
  labels: Int32Array[];
  targets: Float64Array; // [examples], NaN where none
  tagNames: string[];
  /** The request's byte buffer, back for reuse. */
  buf: ArrayBuffer;
}

/** Buffers to transfer with a result (each once). */
export function resultTransfers(r: BatchResult): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>([r.hashes.buffer as ArrayBuffer, r.sigs.buffer as ArrayBuffer, r.targets.buffer as ArrayBuffer, r.buf]);
  for (const a of r.ids) set.add(a.buffer as ArrayBuffer);
  for (const a of r.labels) set.add(a.buffer as ArrayBuffer);
  return [...set];
}

export const errorInfo = (e: DataError): ErrorInfo => ({ code: e.code, detail: e.detail, line: e.line, field: e.field });
export const toDataError = (e: ErrorInfo): DataError => new DataError(e.code, e.detail, { line: e.line, field: e.field });

/** Unpacks a batch into parse errors and candidates, in line order. */
export function* unpackBatch(r: BatchResult): Generator<DataError | Candidate> {
  let ex = 0;
  const example = (kind: RecordKind): EncodedExample => {
    const target = r.targets[ex]!;
    const e: EncodedExample = { kind, input_ids: r.ids[ex]!, labels: r.labels[ex]! };
    ex++;
    if (!Number.isNaN(target)) e.target = target;
    return e;
  };
  for (let i = 0; i < r.items.length; i++) {
    const m = r.items[i]!;
    if (m.error) {
      yield toDataError(m.error);
      continue;
    }
    const kind = m.kind!;
    const examples: EncodedExample[] = [];
    for (let k = 0; k < (m.examples ?? 0); k++) examples.push(example(kind));
    yield {
      line: m.line,
      kind,
      stratum: m.stratum!,
      labelKeys: m.labelKeys ?? [],
      preview: m.preview ?? '',
      drop: m.drop,
      hashHi: r.hashes[2 * i]!,
      hashLo: r.hashes[2 * i + 1]!,
      sig: m.hasSig ? r.sigs.subarray(i * r.numPerm, (i + 1) * r.numPerm) : undefined,
      encoded: {
        example: examples[0],
        augmented: examples.slice(1),
        error: m.encodeError && toDataError(m.encodeError),
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
