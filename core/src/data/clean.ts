// Cleaning stage: normalize text (NFC, control characters), drop empty and over-long records,
// drop exact duplicates (64-bit hash of the normalized record) and near duplicates (MinHash
// LSH). prepare.ts does the per-record work, dedup.ts remembers what was kept.
import { Deduper } from './dedup.ts';
import { RecordPreparer, type CleanOptions } from './prepare.ts';
import type { LineRecord, ReadOptions } from './read.ts';
import { readRecords } from './read.ts';
import { previewRecord } from './record-text.ts';
import { ReportBuilder, type DataReport } from './report.ts';
import type { ChunkSource } from './types.ts';

export { DEFAULT_MAX_CHARS, type CleanOptions, type NearDedupOptions } from './prepare.ts';

export class Cleaner {
  readonly report: ReportBuilder;
  private readonly preparer: RecordPreparer;
  private readonly dedup: Deduper;

  /** inPlace: normalize the caller's record objects instead of copies. */
  constructor(opts: CleanOptions = {}, report = new ReportBuilder(opts.examplesPerReason), inPlace = false) {
    this.report = report;
    this.preparer = new RecordPreparer(opts, inPlace);
    this.dedup = new Deduper(opts);
  }

  /** Returns the cleaned record, or undefined when it is dropped (the report says why). */
  process(rec: LineRecord): LineRecord | undefined {
    const p = this.preparer.prepare(rec);
    const ex = () => ({ line: rec.line, preview: previewRecord(p.rec) });
    if (p.drop) {
      this.report.drop(p.drop, ex);
      return undefined;
    }
    const dup = this.dedup.check(rec.line, p.hashHi, p.hashLo, p.sig);
    if (dup) {
      this.report.drop(dup.reason, () => ({ ...ex(), duplicateOfLine: dup.of }));
      return undefined;
    }
    return p.rec;
  }

  /** Bytes held by the dedup state. */
  get stateBytes(): number {
    return this.dedup.stateBytes;
  }
}

/** Reads and cleans a whole source; convenience for small data and tests (collects records). */
export async function cleanRecords(source: ChunkSource, opts: ReadOptions & { clean?: CleanOptions } = {}): Promise<{ records: LineRecord[]; report: DataReport }> {
  const cleaner = new Cleaner(opts.clean);
  const records: LineRecord[] = [];
  const onError = opts.onError;
  for await (const rec of readRecords(source, { ...opts, onError: (e) => (cleaner.report.invalid(e), onError?.(e)) })) {
    cleaner.report.recordsIn++;
    const out = cleaner.process(rec);
    if (out) {
      cleaner.report.recordsOut++;
      records.push(out);
    }
  }
  return { records, report: cleaner.report.build() };
}
