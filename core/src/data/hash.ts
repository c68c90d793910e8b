// Fast non-cryptographic hashes over UTF-16 code units (no string encoding needed).
// FNV-1a 64 keeps exact-dup collisions negligible (~n²/2⁶⁵); FNV-1a 32 + fmix32 feeds MinHash.

const PRIME_LO = 0x1b3; // FNV 64 prime is 2^40 + 0x1b3
const TWO32 = 4294967296;

/** Incremental FNV-1a 64 held as two uint32 halves (JS has no fast uint64). */
export class Fnv64 {
  hi = 0xcbf29ce4;
  lo = 0x84222325;

  reset(): this {
    this.hi = 0xcbf29ce4;
    this.lo = 0x84222325;
    return this;
  }

  update(s: string): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < s.length; i++) {
      lo = (lo ^ s.charCodeAt(i)) >>> 0;
      // (hi·2³² + lo)·(2⁴⁰ + 0x1b3) mod 2⁶⁴; every partial product stays below 2⁵³
      const t = lo * PRIME_LO;
      const tLo = t >>> 0;
      hi = (hi * PRIME_LO + (t - tLo) / TWO32 + ((lo << 8) >>> 0)) >>> 0;
      lo = tLo;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /** Hashes a field and a separator, so ["ab","c"] and ["a","bc"] differ. */
  field(x: string | number): this {
    return this.update(typeof x === 'number' ? `\uFFFE${x}` : x).update('\uFFFF');
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

export function fnv1a64(s: string): string {
  return new Fnv64().update(s).hex();
}

/** FNV-1a 32 of s[start, end). */
export function fnv1a32(s: string, start = 0, end = s.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** MurmurHash3 finalizer: spreads every input bit over the output. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
