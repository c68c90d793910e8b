// Fast non-cryptographic hashes over UTF-16 code units (no string encoding needed).
// 64 bits keep exact-dup collisions negligible (~n²/2⁶⁵); FNV-1a 32 + fmix32 feed MinHash.

/**
 * Incremental 64-bit hash over UTF-16 code units, xxhash/murmur style (JS has no fast uint64,
 * so 32-bit lanes with Math.imul). Four chars a step feed four lanes: chars 0–1 go to lanes a
 * and b, chars 2–3 to c and d, so every char lands in 64 bits of state and the four dependency
 * chains run side by side (twice the speed of two lanes, which wait on each multiply).
 * About 4× faster than FNV-1a 64 in JS (1.4 against 6.2 ns a char), which needs float
 * arithmetic for the 64-bit product.
 */
export class Hash64 {
  // the lanes and the char count; public for hashAndScanWords (word-scan.ts), which runs
  // update()'s four-char steps fused with the word scan
  a = A0;
  b = B0;
  c = C0;
  d = D0;
  n = 0;
  hi = 0;
  lo = 0;

  reset(): this {
    this.a = A0;
    this.b = B0;
    this.c = C0;
    this.d = D0;
    this.n = 0;
    return this;
  }

  update(s: string): this {
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    const len = s.length;
    let i = 0;
    for (; i + 3 < len; i += 4) {
      const k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
      const m = s.charCodeAt(i + 2) | (s.charCodeAt(i + 3) << 16);
      a = stepA(a, k);
      b = stepB(b, k);
      c = stepA(c, m);
      d = stepB(d, m);
    }
    return this.finishUpdate(s, i, a, b, c, d);
  }

  /**
   * The end of update(s) for a loop that took the four-char steps up to i itself (with the
   * lanes a–d it got from this hash): the last 0–3 chars, then the lanes stored.
   */
  finishUpdate(s: string, i: number, a: number, b: number, c: number, d: number): this {
    const len = s.length;
    // the last 0–3 chars go to lanes a and b, two at a time
    for (; i < len; i += 2) {
      // an odd tail is marked, so "a" and "a\0" differ
      const k = s.charCodeAt(i) | (i + 1 < len ? s.charCodeAt(i + 1) << 16 : 0x10000);
      a = stepA(a, k);
      b = stepB(b, k);
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    this.n += len;
    return this;
  }

  /** Hashes a field and its length, so ["ab","c"] and ["a","bc"] differ. */
  field(x: string | number): this {
    const s = typeof x === 'number' ? `\uFFFE${x}` : x;
    return this.update(s).endField(s.length);
  }

  /** Closes a field of `length` chars (what field() does after update()). */
  endField(length: number): this {
    this.a = Math.imul(this.a ^ length, 0x9e3779b1);
    this.b = Math.imul(this.b ^ ~length, 0x85ebca6b);
    return this;
  }

  /** Finalizes into hi/lo (uint32 each); the state is kept, so more updates may follow. */
  digest(): this {
    // (c, d) -> (a, b) and the mix below are bijections for fixed other inputs, so states that
    // differ anywhere in their 128 bits collide only by chance (~2^-64)
    let a = (this.a ^ this.n) + Math.imul(this.c, 0x9e3779b1);
    let b = (this.b ^ Math.imul(this.n, 0x9e3779b1)) ^ Math.imul(this.d, 0x85ebca77);
    a = fmix32(a + Math.imul(b, 0x85ebca6b));
    b = fmix32(b ^ rotl(a, 16));
    a = fmix32(a ^ Math.imul(b, 0xc2b2ae35));
    this.hi = a;
    this.lo = b;
    return this;
  }

  hex(): string {
    this.digest();
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

const A0 = 0x9e3779b1;
const B0 = 0x85ebca77;
const C0 = 0xc2b2ae3d;
const D0 = 0x27d4eb2f;

// One step of a lane over two chars k (murmur3-style); lanes a and c use stepA, b and d stepB.
export function stepA(h: number, k: number): number {
  return Math.imul(rotl(h ^ Math.imul(k, 0xcc9e2d51), 15), 0x1b873593) + 0xe6546b64;
}

export function stepB(h: number, k: number): number {
  return Math.imul(rotl(h + Math.imul(k, 0x27d4eb2f), 13), 0x165667b1) ^ 0x2c1b3c6d;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

const PRIME_LO = 0x1b3; // FNV 64 prime is 2^40 + 0x1b3
const TWO32 = 4294967296;

/** Reference FNV-1a 64 of a string's UTF-16 code units (hex). */
export function fnv1a64(s: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < s.length; i++) {
    lo = (lo ^ s.charCodeAt(i)) >>> 0;
    // (hi·2³² + lo)·(2⁴⁰ + 0x1b3) mod 2⁶⁴; every partial product stays below 2⁵³
    const t = lo * PRIME_LO;
    const tLo = t >>> 0;
    hi = (hi * PRIME_LO + (t - tLo) / TWO32 + ((lo << 8) >>> 0)) >>> 0;
    lo = tLo;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

export const FNV32_BASIS = 0x811c9dc5;
export const FNV32_PRIME = 0x01000193;

/** FNV-1a 32 of s[start, end). */
export function fnv1a32(s: string, start = 0, end = s.length): number {
  let h = FNV32_BASIS;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV32_PRIME);
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
