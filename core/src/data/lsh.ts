// MinHash LSH index for near-duplicate detection, in typed arrays with no per-record objects.
// Per indexed record: its signature truncated to 16 bits a slot (2·numPerm bytes) and one
// 4-byte chain link per band, plus 4–8 bytes per band of hash-table heads; at 128 slots and
// 14 bands about 370–420 bytes.
//
// Entry e = id·bands + band, so an entry needs no stored record id. The table stores no keys
// either: a chain hit is confirmed by comparing that band's stored rows, and the table can be
// rebuilt from the stored signatures when it grows.
// A record is a near duplicate when it shares a band with an indexed record AND the estimated
// Jaccard of the two signatures is >= threshold (the banding only proposes candidates).
import { lshParams, type LshParams } from './lsh-params.ts';

const BLOCK = 1024; // records per signature block

export class LshIndex {
  readonly numPerm: number;
  readonly threshold: number;
  readonly params: LshParams;
  private sigBlocks: Uint16Array[] = [];
  private count = 0;
  private heads: Int32Array = new Int32Array(1 << 12); // entry + 1, 0 = empty
  private mask = (1 << 12) - 1;
  private next: Int32Array = new Int32Array(BLOCK * 16); // entry -> next entry + 1
  private stamp: Uint32Array = new Uint32Array(BLOCK);
  private queryNo = 0;
  private readonly need: number;
  private readonly q16: Uint16Array;

  constructor(numPerm = 128, threshold = 0.8, params?: LshParams) {
    this.numPerm = numPerm;
    this.threshold = threshold;
    // verified candidates make false positives cheap, so the banding favours recall
    this.params = params ?? lshParams(threshold, numPerm, 0.1, 0.9);
    if (this.params.bands * this.params.rows > numPerm) throw new RangeError('bands × rows exceeds numPerm');
    this.need = Math.ceil(threshold * numPerm - 1e-9);
    this.q16 = new Uint16Array(numPerm);
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.sigBlocks.length * BLOCK * this.numPerm * 2 + this.heads.byteLength + this.next.byteLength + this.stamp.byteLength;
  }

  /** Id of an indexed record whose estimated Jaccard with sig is >= threshold, else -1. */
  query(sig: Uint32Array): number {
    const q = ++this.queryNo;
    const q16 = this.q16;
    for (let i = 0; i < this.numPerm; i++) q16[i] = sig[i]! >>> 16;
    const { bands, rows } = this.params;
    for (let band = 0; band < bands; band++) {
      for (let e = this.heads[bandKey(q16, 0, band, rows) & this.mask]! - 1; e >= 0; e = this.next[e]! - 1) {
        if (e % bands !== band) continue;
        const id = (e / bands) | 0;
        if (this.stamp[id] === q) continue;
        const store = this.sigBlocks[(id / BLOCK) | 0]!;
        const off = (id % BLOCK) * this.numPerm;
        if (!sameRows(store, off, q16, band * rows, rows)) continue;
        this.stamp[id] = q;
        if (this.matches(store, off, q16)) return id;
      }
    }
    return -1;
  }

  /** Indexes a signature; returns its id (0, 1, 2, …). */
  insert(sig: Uint32Array): number {
    const id = this.count++;
    const block = (id / BLOCK) | 0;
    if (block === this.sigBlocks.length) this.sigBlocks.push(new Uint16Array(BLOCK * this.numPerm));
    const store = this.sigBlocks[block]!;
    const off = (id % BLOCK) * this.numPerm;
    for (let i = 0; i < this.numPerm; i++) store[off + i] = sig[i]! >>> 16;
    if (id >= this.stamp.length) this.stamp = grow(this.stamp, this.stamp.length * 2);
    const { bands } = this.params;
    if ((id + 1) * bands > this.next.length) this.next = grow(this.next, this.next.length * 2);
    if ((id + 1) * bands > this.heads.length) this.rebuild(this.heads.length * 2);
    else for (let band = 0; band < bands; band++) this.link(id, band, store, off);
    return id;
  }

  private link(id: number, band: number, store: Uint16Array, off: number): void {
    const e = id * this.params.bands + band;
    const slot = bandKey(store, off, band, this.params.rows) & this.mask;
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
      for (let band = 0; band < this.params.bands; band++) this.link(id, band, store, off);
    }
  }

  private matches(store: Uint16Array, off: number, q16: Uint16Array): boolean {
    const n = this.numPerm;
    const need = this.need;
    let eq = 0;
    for (let i = 0; i < n; i++) {
      if (store[off + i] === q16[i]) {
        if (++eq >= need) return true;
      } else if (eq + (n - i - 1) < need) return false;
    }
    return eq >= need;
  }
}

function bandKey(sig: Uint16Array, off: number, band: number, rows: number): number {
  let h = Math.imul(band + 1, 0x9e3779b1);
  for (let i = off + band * rows, end = i + rows; i < end; i++) h = Math.imul(h ^ sig[i]!, 0x01000193) ^ (h >>> 15);
  h ^= h >>> 16;
  return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
}

function sameRows(store: Uint16Array, off: number, q16: Uint16Array, from: number, rows: number): boolean {
  for (let i = from, end = from + rows; i < end; i++) if (store[off + i] !== q16[i]) return false;
  return true;
}

function grow<T extends Int32Array | Uint32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
