// MinHash LSH index for near-duplicate detection, in typed arrays with no per-record objects.
// Per indexed record: its signature truncated to 8 bits a slot (b-bit MinHash, Li & König
// 2010: numPerm bytes), a 4-byte chain link per band slot, and 4–8 bytes per band of
// hash-table heads; at 128 slots and 14 bands about 250–310 bytes.
//
// Entry e = id·stride + band (stride = bands rounded up to a power of two), so an entry needs
// no stored record id and decoding it is a shift and a mask. The table stores no keys
// either: a chain hit is confirmed by comparing that band's stored rows, and the table can be
// rebuilt from the stored signatures when it grows.
// A record is a near duplicate when it shares a band with an indexed record AND the estimated
// Jaccard of the two signatures is >= threshold (the banding only proposes candidates). With
// 8-bit slots unrelated values also agree with probability 1/256, so the match count needed is
// corrected: P(equal) = J + (1 - J)/256.
import { grow } from './grow.ts';
import { lshParams, type LshParams } from './lsh-params.ts';

const BLOCK = 1024; // records per signature block

export class LshIndex {
  readonly numPerm: number;
  readonly threshold: number;
  readonly params: LshParams;
  private sigBlocks: Uint8Array[] = [];
  private count = 0;
  private heads: Int32Array = new Int32Array(1 << 12); // entry + 1, 0 = empty
  private mask = (1 << 12) - 1;
  private next: Int32Array = new Int32Array(BLOCK * 16); // entry -> next entry + 1
  private stamp: Uint32Array = new Uint32Array(BLOCK);
  private queryNo = 0;
  private readonly need: number;
  private readonly q8: Uint8Array;
  private readonly qkeys: Int32Array; // band keys of the last query
  private readonly shift: number;
  private readonly cur: Int32Array; // per band: the chain entry the lockstep walk is at
  private cand: Int32Array = new Int32Array(64); // candidate order keys of the last query
  private candE: Int32Array = new Int32Array(64); // and their entries

  constructor(numPerm = 128, threshold = 0.8, params?: LshParams) {
    this.numPerm = numPerm;
    this.threshold = threshold;
    // verified candidates make false positives cheap, so the banding favours recall
    this.params = params ?? lshParams(threshold, numPerm, 0.1, 0.9);
    if (this.params.bands * this.params.rows > numPerm) throw new RangeError('bands × rows exceeds numPerm');
    this.need = Math.ceil((threshold + (1 - threshold) / 256) * numPerm - 1e-9);
    this.q8 = new Uint8Array(numPerm);
    this.qkeys = new Int32Array(this.params.bands);
    this.shift = Math.ceil(Math.log2(this.params.bands));
    this.cur = new Int32Array(this.params.bands);
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.sigBlocks.length * BLOCK * this.numPerm + this.heads.byteLength + this.next.byteLength + this.stamp.byteLength;
  }

  /** Id of an indexed record whose estimated Jaccard with sig is >= threshold, else -1. */
  query(sig: Uint32Array): number {
    const q = ++this.queryNo;
    const q8 = this.q8;
    for (let i = 0; i < this.numPerm; i++) q8[i] = sig[i]! >>> 24;
    const { bands, rows } = this.params;
    const shift = this.shift;
    const bandMask = (1 << shift) - 1;
    const heads = this.heads;
    const next = this.next;
    const cur = this.cur;
    const mask = this.mask;
    // The chains are walked in lockstep, one step of every band at a time: the loads of a step
    // do not depend on each other, so their cache misses overlap instead of queueing up. The
    // candidates (entries of the same band) are then checked in the order of a band-by-band
    // walk, so the id returned is the same as walking each band's chain to its end in turn.
    let active = 0;
    for (let band = 0; band < bands; band++) {
      const key = bandKey(q8, 0, band, rows);
      this.qkeys[band] = key;
      cur[band] = heads[key & mask]! - 1;
    }
    for (let band = 0; band < bands; band++) if (cur[band]! >= 0) active++;
    let found = 0; // candidates: band·2^24 + step (chain position) in cand, the entry in candE
    for (let step = 0; active > 0; step++) {
      for (let band = 0; band < bands; band++) {
        const e = cur[band]!;
        if (e < 0) continue;
        if ((e & bandMask) === band) {
          if (found === this.cand.length) {
            this.cand = grow(this.cand, 2 * found);
            this.candE = grow(this.candE, 2 * found);
          }
          this.cand[found] = band * 0x1000000 + step; // band-major, then chain order
          this.candE[found++] = e;
        }
        const n = next[e]! - 1;
        cur[band] = n;
        if (n < 0) active--;
      }
    }
    if (found === 0) return -1;
    // candidates come out step-major; check them band-major (insertion sort: there are few)
    const keys = this.cand;
    const ents = this.candE;
    for (let i = 1; i < found; i++) {
      const k = keys[i]!;
      const v = ents[i]!;
      let j = i - 1;
      for (; j >= 0 && keys[j]! > k; j--) {
        keys[j + 1] = keys[j]!;
        ents[j + 1] = ents[j]!;
      }
      keys[j + 1] = k;
      ents[j + 1] = v;
    }
    for (let i = 0; i < found; i++) {
      const e = ents[i]!;
      const band = e & bandMask;
      const id = e >>> shift;
      if (this.stamp[id] === q) continue;
      const store = this.sigBlocks[(id / BLOCK) | 0]!;
      const off = (id % BLOCK) * this.numPerm;
      if (!sameRows(store, off, q8, band * rows, rows)) continue;
      this.stamp[id] = q;
      if (this.matches(store, off, q8)) return id;
    }
    return -1;
  }

  /** The near duplicate's id, or -1 after indexing sig (one pass over the bands). */
  queryOrInsert(sig: Uint32Array): number {
    const dup = this.query(sig);
    return dup >= 0 ? dup : -1 - this.insert(sig, true);
  }

  /** Indexes a signature; returns its id (0, 1, 2, …). */
  insert(sig: Uint32Array, queried = false): number {
    const id = this.count++;
    const block = (id / BLOCK) | 0;
    if (block === this.sigBlocks.length) this.sigBlocks.push(new Uint8Array(BLOCK * this.numPerm));
    const store = this.sigBlocks[block]!;
    const off = (id % BLOCK) * this.numPerm;
    for (let i = 0; i < this.numPerm; i++) store[off + i] = sig[i]! >>> 24;
    if (id >= this.stamp.length) this.stamp = grow(this.stamp, this.stamp.length * 2);
    const { bands } = this.params;
    const end = (id + 1) << this.shift;
    if (end > this.next.length) this.next = grow(this.next, this.next.length * 2);
    if ((id + 1) * bands > this.heads.length) this.rebuild(this.heads.length * 2);
    else for (let band = 0; band < bands; band++) this.link(id, band, queried ? this.qkeys[band]! : bandKey(store, off, band, this.params.rows));
    return id;
  }

  /**
   * Sizes the table and the per-record arrays for `records` in all at once: growing on the way
   * relinks every record at each doubling, 2–4% of bench:data (random writes into a table of
   * megabytes).
   */
  reserve(records: number): void {
    if (records > this.stamp.length) this.stamp = grow(this.stamp, records);
    const entries = records * 2 ** this.shift;
    if (entries > this.next.length) this.next = grow(this.next, entries);
    const need = records * this.params.bands;
    if (need <= this.heads.length) return;
    let size = this.heads.length;
    while (size < need) size *= 2;
    this.rebuild(size);
  }

  private link(id: number, band: number, key: number): void {
    const e = (id << this.shift) + band;
    const slot = key & this.mask;
    this.next[e] = this.heads[slot]!;
    this.heads[slot] = e + 1;
  }

  /** Doubles the table and relinks every indexed record (including the one being inserted). */
  private rebuild(size: number): void {
    this.heads = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      const store = this.sigBlocks[(id / BLOCK) | 0]!;
      const off = (id % BLOCK) * this.numPerm;
      for (let band = 0; band < this.params.bands; band++) this.link(id, band, bandKey(store, off, band, this.params.rows));
    }
  }

  private matches(store: Uint8Array, off: number, q8: Uint8Array): boolean {
    const n = this.numPerm;
    const need = this.need;
    let eq = 0;
    for (let i = 0; i < n; i++) {
      if (store[off + i] === q8[i]) {
        if (++eq >= need) return true;
      } else if (eq + (n - i - 1) < need) return false;
    }
    return eq >= need;
  }
}

function bandKey(sig: Uint8Array, off: number, band: number, rows: number): number {
  let h = Math.imul(band + 1, 0x9e3779b1);
  for (let i = off + band * rows, end = i + rows; i < end; i++) h = Math.imul(h ^ sig[i]!, 0x01000193) ^ (h >>> 15);
  h ^= h >>> 16;
  return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
}

function sameRows(store: Uint8Array, off: number, q8: Uint8Array, from: number, rows: number): boolean {
  for (let i = from, end = from + rows; i < end; i++) if (store[off + i] !== q8[i]) return false;
  return true;
}
