// Seeded, platform-independent randomness for weight init and tests (Math.random is unseeded).

/** mulberry32: a tiny 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.uniform();
}

/** FNV-1a over a string, mixed with a seed: derives independent streams per tensor name. */
export function hashSeed(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class Rng {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1) (one mulberry32 step). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  // Marsaglia's polar form of Box-Muller: no trig, ~2.5x faster, which matters for 100M-parameter
  // inits. Each draw makes a pair, left in pairA/pairB.
  private pairA = 0;
  private pairB = 0;
  private drawPair(): void {
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const q = u * u + v * v;
      if (q >= 1 || q === 0) continue;
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      this.pairA = u * f;
      this.pairB = v * f;
      return;
    }
  }

  /** Standard normal; the second value of each pair is kept for the next call. */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    this.drawPair();
    this.spare = this.pairB;
    return this.pairA;
  }

  /** Fills `out` with N(mean, std^2): the same values as out.length calls to normal(). */
  fillNormal<T extends Float32Array | Float64Array>(out: T, std = 1, mean = 0): T {
    const n = out.length;
    let i = 0;
    if (n > 0 && this.spare !== null) out[i++] = mean + std * this.normal();
    // drawPair with the PRNG inlined on a local: 2-3x faster than method calls on `this`
    let s = this.state;
    while (i + 1 < n) {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = Math.imul(s ^ (s >>> 15), s | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const u = (2 * ((t ^ (t >>> 14)) >>> 0)) / 4294967296 - 1;
      s = (s + 0x6d2b79f5) >>> 0;
      t = Math.imul(s ^ (s >>> 15), s | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const v = (2 * ((t ^ (t >>> 14)) >>> 0)) / 4294967296 - 1;
      const q = u * u + v * v;
      if (q >= 1 || q === 0) continue;
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      out[i++] = mean + std * (u * f);
      out[i++] = mean + std * (v * f);
    }
    this.state = s;
    if (i < n) out[i] = mean + std * this.normal();
    return out;
  }
}
