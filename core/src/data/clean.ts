// Cleaning stage: normalize text, drop empty and over-long records, drop exact duplicates
// (64-bit hash of the normalized record) and near duplicates (MinHash LSH). Memory per kept
// record: 12–24 bytes for the exact map plus the LSH index (see lsh.ts); no text is retained.
import { Fnv64 } from './hash.ts';
import { Hash64Map } from './hash-map.ts';
import { LshIndex } from './lsh.ts';
import { MinHasher, type MinHashMethod } from './minhash.ts';
import { normalizeText, type NormalizeOptions } from './normalize.ts';
import type { ReadOptions, LineRecord } from './read.ts';
import { readRecords } from './read.ts';
import { isEmptyRecord, mapRecordStrings, previewRecord, recordKeyParts, recordTexts } from './record-text.ts';
import { ReportBuilder, type DataReport } from './report.ts';
import { Shingler, type ShingleOptions } from './shingles.ts';
import type { ChunkSource } from './types.ts';

export interface NearDedupOptions extends ShingleOptions {
  /** Estimated Jaccard at or above which a record is a near duplicate (default 0.8). */
  threshold?: number;
  /** Signature slots (default 128). */
  numPerm?: number;
  seed?: number;
  /** 'oph' (default, one permutation hashing) or 'classic' (numPerm hash functions); see minhash.ts. */
  method?: MinHashMethod;
}

export interface CleanOptions extends NormalizeOptions {
  /** Records whose text is longer than this (UTF-16 units, all fields) are dropped. */
  maxChars?: number;
  exactDedup?: boolean;
  /** false turns near-dedup off. */
  nearDedup?: NearDedupOptions | false;
  examplesPerReason?: number;
}

export const DEFAULT_MAX_CHARS = 200_000;

export class Cleaner {
  readonly report: ReportBuilder;
  private readonly opts: CleanOptions;
  private readonly maxChars: number;
  private readonly exact?: Hash64Map;
  private readonly hasher = new Fnv64();
  private readonly shingler?: Shingler;
  private readonly minhasher?: MinHasher;
  private readonly lsh?: LshIndex;
  private readonly sig?: Uint32Array;
  private lshLines: Int32Array = new Int32Array(1024); // LSH id -> line, for reports

  constructor(opts: CleanOptions = {}, report = new ReportBuilder(opts.examplesPerReason)) {
    this.opts = opts;
    this.report = report;
    this.maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
    if (opts.exactDedup !== false) this.exact = new Hash64Map();
    if (opts.nearDedup !== false) {
      const nd = opts.nearDedup ?? {};
      const numPerm = nd.numPerm ?? 128;
      const threshold = nd.threshold ?? 0.8;
      this.shingler = new Shingler(nd);
      this.minhasher = new MinHasher(numPerm, nd.seed ?? 1, nd.method);
      this.lsh = new LshIndex(numPerm, threshold);
      this.sig = new Uint32Array(numPerm);
    }
  }

  /** Returns the cleaned record, or undefined when it is dropped (the report says why). */
  process(rec: LineRecord): LineRecord | undefined {
    const norm = { ...mapRecordStrings(rec, (s) => normalizeText(s, this.opts)), line: rec.line, bytes: rec.bytes } as LineRecord;
    const texts = recordTexts(norm);
    const ex = () => ({ line: rec.line, preview: previewRecord(norm) });
    if (isEmptyRecord(norm)) return this.drop('empty', ex);
    let chars = 0;
    for (const t of texts) chars += t.length;
    if (chars > this.maxChars) return this.drop('too_long', ex);

    if (this.exact) {
      const h = this.hasher.reset();
      for (const p of recordKeyParts(norm)) h.field(p);
      const first = this.exact.getOrSet(h.hi, h.lo, rec.line);
      if (first >= 0) return this.drop('exact_duplicate', () => ({ ...ex(), duplicateOfLine: first }));
    }
    if (this.lsh) {
      const n = this.shingler!.shingle(texts);
      const sig = this.minhasher!.sign(this.shingler!.hashes, n, this.sig);
      const dup = this.lsh.query(sig);
      if (dup >= 0) return this.drop('near_duplicate', () => ({ ...ex(), duplicateOfLine: this.lshLines[dup] }));
      const id = this.lsh.insert(sig);
      if (id >= this.lshLines.length) {
        const next = new Int32Array(this.lshLines.length * 2);
        next.set(this.lshLines);
        this.lshLines = next;
      }
      this.lshLines[id] = rec.line;
    }
    return norm;
  }

  /** Bytes held by the dedup state (grows with kept records, not with text). */
  get stateBytes(): number {
    return (this.exact?.bytes ?? 0) + (this.lsh?.bytes ?? 0) + this.lshLines.byteLength;
  }

  private drop(reason: 'empty' | 'too_long' | 'exact_duplicate' | 'near_duplicate', ex: () => { line: number; preview: string }): undefined {
    this.report.drop(reason, ex);
    return undefined;
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
