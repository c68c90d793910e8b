// The stateful half of cleaning: remembers what was kept. Exact duplicates by 64-bit hash
// (12 bytes a slot, 2–4 slots a kept record), near duplicates by MinHash LSH (see lsh.ts). No
// text is held.
import { Hash64Map } from './hash-map.ts';
import { grow } from './grow.ts';
import { LshIndex } from './lsh.ts';
import type { CleanOptions } from './prepare.ts';

export interface Duplicate {
  reason: 'exact_duplicate' | 'near_duplicate';
  /** Line of the kept record it duplicates. */
  of: number;
}

export class Deduper {
  private readonly exact?: Hash64Map;
  private readonly lsh?: LshIndex;
  private lshLines: Int32Array = new Int32Array(1024); // LSH id -> line

  constructor(opts: CleanOptions = {}) {
    if (opts.exactDedup !== false) this.exact = new Hash64Map();
    if (opts.nearDedup !== false) this.lsh = new LshIndex(opts.nearDedup?.numPerm ?? 128, opts.nearDedup?.threshold ?? 0.8);
  }

  /** Returns the duplicate it is, or undefined after remembering the record as kept. */
  check(line: number, hashHi: number, hashLo: number, sig: Uint32Array | undefined): Duplicate | undefined {
    if (this.exact) {
      const first = this.exact.getOrSet(hashHi, hashLo, line);
      if (first >= 0) return { reason: 'exact_duplicate', of: first };
    }
    if (this.lsh && sig) {
      const r = this.lsh.queryOrInsert(sig);
      if (r >= 0) return { reason: 'near_duplicate', of: this.lshLines[r]! };
      const id = -1 - r;
      if (id >= this.lshLines.length) this.lshLines = grow(this.lshLines, this.lshLines.length * 2);
      this.lshLines[id] = line;
    }
    return undefined;
  }

  /** Sizes the state for about n kept records (a hint: more still fit). */
  reserve(n: number): void {
    this.exact?.reserve(n);
    this.lsh?.reserve(n);
    if (this.lsh && n > this.lshLines.length) this.lshLines = grow(this.lshLines, n);
  }

  /** Bytes held (grows with kept records, not with text). */
  get stateBytes(): number {
    return (this.exact?.bytes ?? 0) + (this.lsh?.bytes ?? 0) + this.lshLines.byteLength;
  }
}
