// MinHash signatures of numPerm slots, two ways:
//  - 'oph' (default): one permutation hashing (Li, Owen & Zhang 2012) with optimal
//    densification (Shrivastava 2017). Each element is hashed once and lands in one of numPerm
//    bins, keeping the minimum per bin; empty bins copy (a salted bijection of) a non-empty
//    bin chosen by a probe sequence shared by all sets. The fraction of equal slots is an unbiased Jaccard estimate
//    like classic MinHash, at O(n + numPerm) instead of O(n·numPerm): ~100× faster at 128 slots.
//  - 'classic': numPerm hash functions h_i(x) = a_i·x + b_i mod 2³² (a_i odd: a permutation),
//    O(n·numPerm).
// Inputs are first mixed with fmix32 so structured hashes behave like random ones. Seeded, so
// signatures are comparable across runs with the same seed.
import { fmix32 } from './hash.ts';
import { mulberry32 } from './random.ts';

export type MinHashMethod = 'oph' | 'classic';

export class MinHasher {
  readonly numPerm: number;
  readonly method: MinHashMethod;
  private readonly seedMix: number;
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly filled: Uint8Array;

  constructor(numPerm = 128, seed = 1, method: MinHashMethod = 'oph') {
    if (!Number.isInteger(numPerm) || numPerm < 1) throw new RangeError('numPerm must be a positive integer');
    this.numPerm = numPerm;
    this.method = method;
    const rand = mulberry32(seed);
    const u32 = () => Math.floor(rand() * 4294967296);
    this.seedMix = u32();
    this.a = new Int32Array(method === 'classic' ? numPerm : 0);
    this.b = new Int32Array(method === 'classic' ? numPerm : 0);
    for (let i = 0; i < this.a.length; i++) {
      this.a[i] = u32() | 1;
      this.b[i] = u32();
    }
    this.filled = new Uint8Array(numPerm);
  }

  /** Signature of the first n hashes into out (length numPerm). An empty set gets all 0xffffffff. */
  sign(hashes: Uint32Array, n: number, out: Uint32Array = new Uint32Array(this.numPerm)): Uint32Array {
    out.fill(0xffffffff);
    if (n === 0) return out;
    return this.method === 'oph' ? this.oph(hashes, n, out) : this.classic(hashes, n, out);
  }

  private oph(hashes: Uint32Array, n: number, out: Uint32Array): Uint32Array {
    const k = this.numPerm;
    const filled = this.filled;
    filled.fill(0);
    let nonEmpty = 0;
    const bits = Math.log2(k);
    const pow2 = Number.isInteger(bits) && bits > 0;
    for (let s = 0; s < n; s++) {
      const x = fmix32(hashes[s]! ^ this.seedMix);
      let bin: number;
      let v: number;
      if (pow2) {
        // high bits pick the bin, the remaining bits (shifted up) order elements within it
        bin = x >>> (32 - bits);
        v = (x << bits) >>> 0;
      } else {
        bin = Math.floor((x * k) / 4294967296);
        v = fmix32(x ^ 0x5bd1e995);
      }
      if (filled[bin] === 0) {
        filled[bin] = 1;
        nonEmpty++;
        out[bin] = v;
      } else if (v < out[bin]!) out[bin] = v;
    }
    if (nonEmpty === k) return out;
    // optimal densification: empty bin i takes the value of the first non-empty bin in its
    // own probe sequence; probes depend only on (i, attempt), so all sets share them
    for (let i = 0; i < k; i++) {
      if (filled[i] === 1) continue;
      for (let attempt = 1; ; attempt++) {
        const j = Math.floor((fmix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77) ^ this.seedMix) * k) / 4294967296);
        if (filled[j] === 1) {
          // a bijection of the borrowed value, salted per slot: slots still agree exactly when
          // the borrowed values do, but a set with one element no longer has 128 equal slots,
          // which would make truncated (b-bit) slots of two unrelated tiny sets agree everywhere
          out[i] = fmix32(out[j]! ^ Math.imul(i + 1, 0x27d4eb2f));
          break;
        }
      }
    }
    return out;
  }

  private classic(hashes: Uint32Array, n: number, out: Uint32Array): Uint32Array {
    const { a, b, numPerm } = this;
    for (let s = 0; s < n; s++) {
      const x = fmix32(hashes[s]! ^ this.seedMix);
      for (let i = 0; i < numPerm; i++) {
        const v = (Math.imul(a[i]!, x) + b[i]!) >>> 0;
        if (v < out[i]!) out[i] = v;
      }
    }
    return out;
  }
}

/** Fraction of equal slots: an unbiased estimate of the Jaccard similarity of the two sets. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError('signatures differ in length');
  let eq = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) eq++;
  return eq / a.length;
}
