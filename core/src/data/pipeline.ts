// The whole ingest, streaming: parse → validate → clean → dedup → split → (augment) → tokenize.
// Memory stays bounded: the raw file is never held; per kept record only the dedup state
// (exact hash, LSH entries and a 16-bit signature) remains, plus one split block per stratum.
// Encoded examples go to a sink as soon as their split is fixed.
import { Augmenter, type AugmentOptions } from './augment.ts';
import { Cleaner, type CleanOptions } from './clean.ts';
import { Encoder, hasTrainableTokens, type EncodeOptions } from './encode.ts';
import { DataError } from './errors.ts';
import { readRecords, type LineRecord, type ReadOptions } from './read.ts';
import { previewRecord } from './record-text.ts';
import { ReportBuilder, type DataReport } from './report.ts';
import { StreamSplitter, recordStratum, type SplitOptions } from './split.ts';
import type { ChunkSource, EncodedExample, SplitName } from './types.ts';

export interface PipelineProgress {
  bytesRead: number;
  records: number;
  kept: number;
}

export interface PipelineOptions extends Omit<ReadOptions, 'onError' | 'onBytes'> {
  encode: EncodeOptions;
  clean?: CleanOptions;
  /** stratify defaults to true (classification records by label). */
  split?: Omit<SplitOptions, never> & { stratify?: boolean };
  /** Augments training records only, after the split, so copies never leak into evaluation. */
  augment?: AugmentOptions;
  onProgress?: (p: PipelineProgress) => void;
  /** Bytes between progress calls (default 4 MiB). */
  progressEvery?: number;
}

export interface PipelineResult {
  report: DataReport;
  bytesRead: number;
  examples: Record<SplitName, number>;
  tokens: Record<SplitName, number>;
  augmented: number;
  /** Class names by index, when classification records were seen. */
  labels: string[];
  /** Tag names by index, when tagging records were seen. */
  tags: string[];
  /** Bytes held by the dedup state at the end. */
  stateBytes: number;
}

export type ExampleSink = (example: EncodedExample, split: SplitName, line: number) => void | Promise<void>;

export async function runPipeline(source: ChunkSource, opts: PipelineOptions, sink: ExampleSink): Promise<PipelineResult> {
  const failFast = opts.mode === 'fail-fast';
  const report = new ReportBuilder(opts.clean?.examplesPerReason);
  const cleaner = new Cleaner(opts.clean, report);
  const splitter = new StreamSplitter<LineRecord>(opts.split);
  const stratify = opts.split?.stratify !== false;
  const encoder = new Encoder(opts.encode);
  const augmenter = opts.augment && opts.augment.copies > 0 ? new Augmenter(opts.augment) : undefined;
  const examples = { train: 0, validation: 0, test: 0 };
  const tokens = { train: 0, validation: 0, test: 0 };
  let augmented = 0;
  let bytesRead = 0;
  let lastProgress = 0;
  const every = opts.progressEvery ?? 4 << 20;
  const progress = () => opts.onProgress?.({ bytesRead, records: report.recordsIn, kept: report.recordsOut });

  const encode = (rec: LineRecord): EncodedExample | undefined => {
    try {
      return encoder.encode(rec);
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      const err = new DataError(e.code, e.detail, { line: rec.line, field: e.field });
      if (failFast) throw err;
      report.drop('invalid', () => ({ line: rec.line, preview: previewRecord(rec), detail: err.message }));
      return undefined;
    }
  };

  const emit = async (rec: LineRecord, split: SplitName) => {
    const ex = encode(rec);
    if (!ex) return;
    if (!hasTrainableTokens(ex)) {
      report.drop('no_trainable_tokens', () => ({ line: rec.line, preview: previewRecord(rec) }));
      return;
    }
    report.recordsOut++;
    examples[split]++;
    tokens[split] += ex.input_ids.length;
    const p = sink(ex, split, rec.line);
    if (p) await p;
    if (split !== 'train' || !augmenter) return;
    for (const copy of augmenter.augment(rec)) {
      const aug = encode({ ...copy, line: rec.line, bytes: rec.bytes } as LineRecord);
      if (!aug || !hasTrainableTokens(aug)) continue;
      augmented++;
      examples.train++;
      tokens.train += aug.input_ids.length;
      const q = sink(aug, 'train', rec.line);
      if (q) await q;
    }
  };

  const records = readRecords(source, {
    ...opts,
    onError: (e) => report.invalid(e),
    onBytes: (n) => {
      bytesRead = n;
      if (n - lastProgress >= every) {
        lastProgress = n;
        progress();
      }
    },
  });
  for await (const rec of records) {
    report.recordsIn++;
    const kept = cleaner.process(rec);
    if (!kept) continue;
    for (const [r, split] of splitter.push(kept, stratify ? recordStratum(kept) : '')) await emit(r, split);
  }
  for (const [r, split] of splitter.flush()) await emit(r, split);
  progress();
  return {
    report: report.build(),
    bytesRead,
    examples,
    tokens,
    augmented,
    labels: [...encoder.labelVocab.names],
    tags: [...encoder.tagVocab.names],
    stateBytes: cleaner.stateBytes,
  };
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
