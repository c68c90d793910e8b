// Open-addressing map from 64-bit hashes to int32 values in typed arrays: 12 bytes a slot,
// no per-entry objects, so exact dedup of millions of records stays a few tens of MB.

export class Hash64Map {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private val: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Returns the value stored under the key, or inserts `value` and returns -1. */
  getOrSet(hi: number, lo: number, value: number): number {
    if (hi === 0 && lo === 0) lo = 1; // (0,0) marks an empty slot
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = this.hi[i]!;
      const l = this.lo[i]!;
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return this.val[i]!;
      i = (i + 1) & this.mask;
    }
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.val[i] = value;
    if (++this.size * 2 > this.mask) this.grow();
    return -1;
  }

  get bytes(): number {
    return this.hi.byteLength + this.lo.byteLength + this.val.byteLength;
  }

  /** Grows once (one rehash) to hold n entries in all, instead of doubling on the way there. */
  reserve(n: number): void {
    let cap = this.hi.length;
    while (n * 2 >= cap) cap *= 2; // getOrSet grows when size · 2 > cap - 1
    if (cap > this.hi.length) this.grow(cap);
  }

  private grow(cap = this.hi.length * 2): void {
    const { hi, lo, val } = this;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < hi.length; i++) if (hi[i] !== 0 || lo[i] !== 0) this.getOrSet(hi[i]!, lo[i]!, val[i]!);
  }
}
