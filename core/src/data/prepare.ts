// The per-record, stateless half of cleaning: normalize, check emptiness and length, compute
// the exact-dup hash and the MinHash signature. Stateless, so it can run in worker threads;
// the stateful half (which hashes were seen) is dedup.ts.
import { Hash64 } from './hash.ts';
import { MinHasher, type MinHashMethod } from './minhash.ts';
import { normalizeText, type NormalizeOptions } from './normalize.ts';
import type { LineRecord } from './read.ts';
import { hashRecordKey, isEmptyRecord, mapRecordStrings, mapRecordStringsInPlace, recordKey, recordTexts } from './record-text.ts';
import { Shingler, type ShingleOptions } from './shingles.ts';
import { hashAndScanWords } from './word-scan.ts';

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

export interface Prepared {
  rec: LineRecord;
  drop?: 'empty' | 'too_long';
  /** 64-bit hash of the normalized record (exact dedup). */
  hashHi: number;
  hashLo: number;
  /** MinHash signature; reused between calls unless copied. */
  sig?: Uint32Array;
}

export class RecordPreparer {
  private readonly opts: CleanOptions;
  private readonly maxChars: number;
  private readonly hasher = new Hash64();
  private readonly shingler?: Shingler;
  private readonly minhasher?: MinHasher;
  private readonly sig?: Uint32Array;

  /** inPlace: normalize the record's own strings (when the caller owns the record). */
  constructor(opts: CleanOptions = {}, private readonly inPlace = false) {
    this.opts = opts;
    this.maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
    if (opts.nearDedup !== false) {
      const nd = opts.nearDedup ?? {};
      this.shingler = new Shingler(nd);
      this.minhasher = new MinHasher(nd.numPerm ?? 128, nd.seed ?? 1, nd.method);
      this.sig = new Uint32Array(this.minhasher.numPerm);
    }
  }

  // made once, not per record: under tsx, esbuild's keepNames names every closure it makes with a
  // defineProperty call, which cost more than normalizing an already clean string
  private readonly normalize = (s: string) => normalizeText(s, this.opts);

  prepare(rec: LineRecord): Prepared {
    const f = this.normalize;
    const norm = (this.inPlace ? mapRecordStringsInPlace(rec, f) : { ...mapRecordStrings(rec, f), line: rec.line, bytes: rec.bytes }) as LineRecord;
    const out: Prepared = { rec: norm, hashHi: 0, hashLo: 0 };
    if (isEmptyRecord(norm)) return { ...out, drop: 'empty' };
    const texts = recordTexts(norm);
    let chars = 0;
    for (const t of texts) chars += t.length;
    if (chars > this.maxChars) return { ...out, drop: 'too_long' };
    const exact = this.opts.exactDedup !== false;
    const shingler = this.shingler;
    const h = this.hasher.reset();
    let shingles = 0;
    if (shingler?.unit === 'word') {
      // one pass over each text feeds the exact hash and the word hashes (see hashRecordKey)
      const key = recordKey(norm);
      for (const p of key.meta) h.field(p);
      let n = 0;
      for (const t of key.texts) n = hashAndScanWords(h, t, shingler.unitsFor(n + t.length + 1), n);
      shingles = shingler.combine(n);
    } else {
      if (exact) hashRecordKey(h, norm);
      if (shingler) shingles = shingler.shingle(texts);
    }
    if (exact) {
      h.digest();
      out.hashHi = h.hi;
      out.hashLo = h.lo;
    }
    // no words at all (e.g. only punctuation): nothing to compare, exact dedup still applies
    if (this.minhasher && shingles > 0) out.sig = this.minhasher.sign(shingler!.hashes, shingles, this.sig);
    return out;
  }
}
