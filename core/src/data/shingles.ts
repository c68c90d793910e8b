// Shingle hashes for MinHash: word n-grams (default) or character n-grams, case-folded and
// whitespace-insensitive. Hashes are computed while scanning, without building substrings;
// the word rule is in word-scan.ts.
import { grow } from './grow.ts';
import { Hash64 } from './hash.ts';
import { hashAndScanWords, isSpace } from './word-scan.ts';

export type ShingleUnit = 'word' | 'char';

export interface ShingleOptions {
  unit?: ShingleUnit;
  /** n of the n-gram: default 3 words or 5 chars. */
  size?: number;
}

export class Shingler {
  readonly unit: ShingleUnit;
  readonly size: number;
  private units: Uint32Array = new Uint32Array(1024); // word hashes or char codes
  private readonly unusedHash = new Hash64();
  /** Shingle hashes of the last call; valid up to the returned count. */
  hashes: Uint32Array = new Uint32Array(1024);

  constructor(opts: ShingleOptions = {}) {
    this.unit = opts.unit ?? 'word';
    this.size = opts.size ?? (this.unit === 'word' ? 3 : 5);
    if (!(this.size >= 1)) throw new RangeError('shingle size must be >= 1');
  }

  /** Writes the shingle hashes of the texts (joined by word boundaries) to `hashes`; returns the count. */
  shingle(texts: readonly string[]): number {
    return this.combine(this.unit === 'word' ? this.words(texts) : this.chars(texts));
  }

  /**
   * Word hashes (or char codes) go here, from index 0: room for at least `min`. For a caller
   * that scans words itself (hashAndScanWords) and then calls combine().
   */
  unitsFor(min: number): Uint32Array {
    if (min > this.units.length) this.units = grow(this.units, capacity(min));
    return this.units;
  }

  /** The shingle hashes of units[0, n) into `hashes`; returns their count. */
  combine(n: number): number {
    const k = this.size;
    const count = n === 0 ? 0 : Math.max(1, n - k + 1);
    if (this.hashes.length < count) this.hashes = new Uint32Array(capacity(count));
    const u = this.units;
    const out = this.hashes;
    // h = mix(…mix(mix(k) ^ u[i]) ^ u[i+1]…) ^ u[i+k-1]; MinHasher mixes its inputs further
    if (k === 3 && n >= 3) {
      // the default word 3-grams unrolled (same values): 2× faster than the loop below
      const first = mix(3);
      for (let i = 0; i < count; i++) out[i] = mix(mix(first ^ u[i]!) ^ u[i + 1]!) ^ u[i + 2]!;
      return count;
    }
    for (let i = 0; i < count; i++) {
      let h = mix(k) ^ u[i]!;
      for (let j = i + 1, end = Math.min(i + k, n); j < end; j++) h = mix(h) ^ u[j]!;
      out[i] = h;
    }
    return count;
  }

  // Words (see hashAndScanWords), with a hash nobody reads: the pipeline scans words together
  // with its exact-dup hash, and this path serves other callers.
  private words(texts: readonly string[]): number {
    const unused = this.unusedHash.reset();
    let n = 0;
    for (const s of texts) n = hashAndScanWords(unused, s, this.unitsFor(n + s.length + 1), n);
    return n;
  }

  // Chars: lower-cased, whitespace runs collapsed to one space, texts separated by a space.
  private chars(texts: readonly string[]): number {
    let n = 0;
    let space = true;
    for (const s of texts) {
      for (let i = 0; i <= s.length; i++) {
        let c = i < s.length ? s.charCodeAt(i) : 32;
        if (c === 32 || (c < 0x80 ? c >= 9 && c <= 13 : isSpace(c))) {
          if (space) continue;
          c = 32;
          space = true;
        } else {
          if (c >= 65 && c <= 90) c |= 32;
          space = false;
        }
        this.unitsFor(n + 1)[n++] = c;
      }
    }
    if (n > 0 && this.units[n - 1] === 32) n--;
    return n;
  }
}

function mix(h: number): number {
  return Math.imul((h << 5) | (h >>> 27), 0x9e3779b1);
}

/** The power of two (at least 1024) that holds n. */
function capacity(n: number): number {
  let cap = 1024;
  while (cap < n) cap *= 2;
  return cap;
}
