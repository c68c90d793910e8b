// The whole ingest, streaming: parse → validate → clean → dedup → split → (augment) → tokenize.
//
// Memory stays bounded: the raw file is never held; per kept record only the dedup state
// (exact hash, LSH entries and a 16-bit signature, ~450 bytes) remains, plus one split block
// per stratum. Encoded examples go to the sink as soon as their split is fixed.
//
// With `workers: n` (Node, JSONL) the per-record work (parse, validate, normalize, hash,
// MinHash, tokenize, augment) runs in n worker threads on ~1 MiB batches of lines (and in this
// thread while they are all busy), and this thread keeps the order-dependent work (dedup
// decisions, label indices, split, sink) in file order, so the output is the same as with workers: 0.
import { Augmenter, type AugmentOptions } from './augment.ts';
import { labelKeys, type EncodeOptions } from './encode.ts';
import { RecordPreparer, type CleanOptions } from './prepare.ts';
import { DataError } from './errors.ts';
import { parseJsonLine, tooLarge } from './jsonl.ts';
import { LineSplitter, type Line } from './lines.ts';
import { DEFAULT_MAX_RECORD_BYTES, readRecords, type LineRecord, type ReadOptions } from './read.ts';
import { Reducer, type ExampleSink } from './reduce.ts';
import type { DataReport } from './report.ts';
import { byteChunks } from './source.ts';
import { recordStratum, type SplitOptions } from './split.ts';
import type { ChunkSource, EncodedExample, SplitName } from './types.ts';
import { validateRecord } from './validate.ts';
import type { WorkerTokenizerSpec } from './worker-protocol.ts';

export type { ExampleSink } from './reduce.ts';

export interface PipelineProgress {
  bytesRead: number;
  records: number;
  kept: number;
}

export interface PipelineOptions extends Omit<ReadOptions, 'onError' | 'onBytes'> {
  encode: EncodeOptions;
  clean?: CleanOptions;
  /** stratify defaults to true (classification records by label). */
  split?: SplitOptions & { stratify?: boolean };
  /** Augments training records only, after the split, so copies never leak into evaluation. */
  augment?: AugmentOptions;
  onProgress?: (p: PipelineProgress) => void;
  /**
   * The input's size when known (a file's, a Content-Length): once the first records show
   * their average size, the dedup state is sized for the whole input at once instead of
   * doubling its way there (2–4% of bench:data). A hint only: a wrong one costs memory (at most
   * a table for 2^20 records) or the usual growth, never a different result.
   */
  expectedBytes?: number;
  /** Bytes between progress calls (default 4 MiB). */
  progressEvery?: number;
  /** Worker threads for the per-record work (Node, JSONL; CSV runs in this thread). Default 0. */
  workers?: number;
  /** Required with workers: how each worker builds its tokenizer (objects cannot cross threads). */
  workerTokenizer?: WorkerTokenizerSpec;
  /** Bytes of lines per worker batch (default 1 MiB). */
  batchBytes?: number;
  /** With workers: this thread also processes batches while every worker is busy (default true). */
  mainThreadBatches?: boolean;
  /**
   * The sink borrows examples (default false): their input_ids and labels are reused once it
   * returns (or its promise settles), so it copies what it keeps, as a Packer or a writer does.
   * Saves an allocation an example (~8% of bench:data in this thread, more with workers).
   */
  borrowExamples?: boolean;
}

export interface PipelineResult {
  report: DataReport;
  bytesRead: number;
  examples: Record<SplitName, number>;
  tokens: Record<SplitName, number>;
  augmented: number;
  /** Class names by index, when string class labels were seen. */
  labels: string[];
  /** Tag names by index, when tagging records were seen. */
  tags: string[];
  /** Bytes held by the dedup state at the end. */
  stateBytes: number;
}

const RESERVE_AFTER_RECORDS = 1000;
const MAX_RESERVED_RECORDS = 1 << 20; // beyond, the state still grows as it must

export async function runPipeline(source: ChunkSource, opts: PipelineOptions, sink: ExampleSink): Promise<PipelineResult> {
  const augmenter = opts.augment && opts.augment.copies > 0 ? new Augmenter(opts.augment) : undefined;
  const reducerOpts = { clean: opts.clean, split: opts.split, failFast: opts.mode === 'fail-fast', borrowExamples: opts.borrowExamples };
  const reducer = new Reducer(reducerOpts, opts.encode, augmenter, sink);
  const { encoder } = reducer;
  let bytesRead = 0;
  let lastProgress = 0;
  const every = opts.progressEvery ?? 4 << 20;
  const progress = () => opts.onProgress?.({ bytesRead, records: reducer.report.recordsIn, kept: reducer.report.recordsOut });
  let reserved = !(opts.expectedBytes! > 0);
  const onBytes = (n: number) => {
    // bytesRead is still the previous total, whose records are counted (this fires as the next chunk arrives)
    const records = reducer.report.recordsIn;
    if (!reserved && records >= RESERVE_AFTER_RECORDS) {
      reserved = true;
      reducer.reserve(Math.min(MAX_RESERVED_RECORDS, Math.ceil((records * opts.expectedBytes!) / bytesRead)));
    }
    bytesRead = n;
    if (n - lastProgress >= every) {
      lastProgress = n;
      progress();
    }
  };
  const workers = opts.workers ?? 0;
  // Workers split the stream at line breaks: JSONL only.
  if (workers > 0 && (opts.format ?? 'jsonl') === 'jsonl') await (await import('./run-workers.ts')).runWorkers(source, opts, reducer, onBytes, workers);
  else await runInThread(source, opts, reducer, onBytes);
  await reducer.finish();
  progress();
  return {
    report: reducer.report.build(),
    bytesRead,
    examples: { ...reducer.examples },
    tokens: { ...reducer.tokens },
    augmented: reducer.augmented,
    labels: [...encoder.labelVocab.names],
    tags: [...encoder.tagVocab.names],
    stateBytes: reducer.stateBytes,
  };
}

async function runInThread(source: ChunkSource, opts: PipelineOptions, reducer: Reducer, onBytes: (n: number) => void): Promise<void> {
  const preparer = new RecordPreparer(opts.clean, true); // records come fresh from the parser
  const add = (rec: LineRecord): void | Promise<void> => {
    const p = preparer.prepare(rec);
    // p.sig is reused by the next prepare(); add() reads it before it can wait on the sink
    return reducer.add({
      line: rec.line,
      kind: p.rec.kind,
      stratum: recordStratum(p.rec),
      labelKeys: labelKeys(p.rec),
      drop: p.drop,
      hashHi: p.hashHi,
      hashLo: p.hashLo,
      sig: p.sig,
      rec: p.rec,
    });
  };
  if ((opts.format ?? 'jsonl') === 'jsonl') return jsonlInThread(source, opts, reducer, onBytes, add);
  const records = readRecords(source, { ...opts, mode: 'collect', onError: (e) => reducer.invalid(e), onBytes });
  for await (const rec of records) await add(rec);
}

// JSONL without readRecords' chain of async generators (three promise hops a record): lines
// are cut from each chunk synchronously; same records, errors and order.
async function jsonlInThread(source: ChunkSource, opts: PipelineOptions, reducer: Reducer, onBytes: (n: number) => void, add: (rec: LineRecord) => void | Promise<void>): Promise<void> {
  const max = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const kind = opts.kind ?? 'auto';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const splitter = new LineSplitter(max);
  const lines: Line[] = [];
  const collect = (l: Line) => void lines.push(l);
  const flush = async () => {
    for (const { line, bytes, size } of lines) {
      const raw = bytes === undefined ? { line, bytes: size, error: tooLarge(line, max) } : parseJsonLine(bytes, line, decoder);
      if (!raw) continue;
      const v = raw.error ?? validateRecord(raw.value, kind, line);
      if (v instanceof DataError) {
        reducer.invalid(v);
        continue;
      }
      const rec = v as LineRecord;
      rec.line = line;
      rec.bytes = raw.bytes;
      const pending = add(rec);
      if (pending) await pending;
    }
    lines.length = 0;
  };
  for await (const chunk of byteChunks(source, { maxFileBytes: opts.maxFileBytes, onBytes })) {
    splitter.push(chunk, collect);
    await flush(); // line views are valid until the next chunk
  }
  splitter.end(collect);
  await flush();
}

/** Runs the pipeline and collects the examples in memory (for small datasets and tests). */
export async function prepareDataset(
  source: ChunkSource,
  opts: PipelineOptions,
): Promise<PipelineResult & { splits: Record<SplitName, EncodedExample[]> }> {
  const splits: Record<SplitName, EncodedExample[]> = { train: [], validation: [], test: [] };
  const result = await runPipeline(source, opts, (ex, split) => {
    splits[split].push(ex);
  });
  return { ...result, splits };
}
