// Open-addressing map from 64-bit hashes to int32 values in typed arrays: 12 bytes a slot,
// no per-entry objects, so exact dedup of millions of records stays a few tens of MB.
// A slot's two key halves sit side by side, so a lookup that misses (most of them) touches one
// cache line; values are read only on a hit.

export class Hash64Map {
  private keys: Int32Array; // slot i: hi at 2i, lo at 2i + 1; (0, 0) is an empty slot
  private val: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Int32Array(2 * cap);
    this.val = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Returns the value stored under the key (two uint32 or int32 halves), or inserts `value` and returns -1. */
  getOrSet(hi: number, lo: number, value: number): number {
    hi |= 0;
    lo |= 0;
    if (hi === 0 && lo === 0) lo = 1; // (0,0) marks an empty slot
    const keys = this.keys;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = keys[2 * i]!;
      const l = keys[2 * i + 1]!;
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return this.val[i]!;
      i = (i + 1) & this.mask;
    }
    keys[2 * i] = hi;
    keys[2 * i + 1] = lo;
    this.val[i] = value;
    if (++this.size * 2 > this.mask) this.grow();
    return -1;
  }

  get bytes(): number {
    return this.keys.byteLength + this.val.byteLength;
  }

  /** Grows once (one rehash) to hold n entries in all, instead of doubling on the way there. */
  reserve(n: number): void {
    let cap = this.val.length;
    while (n * 2 >= cap) cap *= 2; // getOrSet grows when size · 2 > cap - 1
    if (cap > this.val.length) this.grow(cap);
  }

  private grow(cap = this.val.length * 2): void {
    const { keys, val } = this;
    this.keys = new Int32Array(2 * cap);
    this.val = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < val.length; i++) if (keys[2 * i] !== 0 || keys[2 * i + 1] !== 0) this.getOrSet(keys[2 * i]!, keys[2 * i + 1]!, val[i]!);
  }
}
