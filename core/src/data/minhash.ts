// MinHash signatures of numPerm slots, two ways:
//  - 'oph' (default): one permutation hashing (Li, Owen & Zhang 2012) with optimal
//    densification (Shrivastava 2017). Each element is hashed once and lands in one of numPerm
//    bins, keeping the minimum per bin; empty bins copy (a salted bijection of) a non-empty
//    bin chosen by a probe sequence shared by all sets. The fraction of equal slots is an
//    unbiased Jaccard estimate like classic MinHash, at O(n + numPerm) instead of
//    O(n·numPerm): ~100× faster at 128 slots.
//  - 'classic': numPerm hash functions h_i(x) = a_i·x + b_i mod 2³² (a_i odd: a permutation),
//    O(n·numPerm).
// Inputs are first mixed with fmix32 so structured hashes behave like random ones. Seeded, so
// signatures are comparable across runs with the same seed.
import { fmix32 } from './hash.ts';
import { mulberry32 } from './random.ts';

// Densification probes precomputed per bin: with a third of the bins empty, 8 probes miss
// every non-empty bin with probability (1/3)^8 < 0.02%, and then the sequence goes on.
const PROBES = 8;

// An empty bin in MinHasher.mins: 0xffffffff with its sign bit flipped (see ophPow2).
const EMPTY = 0x7fffffff;

export type MinHashMethod = 'oph' | 'classic';

export class MinHasher {
  readonly numPerm: number;
  readonly method: MinHashMethod;
  private readonly seedMix: number;
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly mins: Int32Array;
  private readonly emptyBins: Int32Array; // the empty bins of the last oph signature
  private probes?: Int32Array;

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
    this.mins = new Int32Array(method === 'oph' ? numPerm : 0);
    this.emptyBins = new Int32Array(this.mins.length);
  }

  /** Signature of the first n hashes into out (length numPerm). An empty set gets all 0xffffffff. */
  sign(hashes: Uint32Array, n: number, out: Uint32Array = new Uint32Array(this.numPerm)): Uint32Array {
    if (n === 0) return out.fill(0xffffffff);
    return this.method === 'oph' ? this.oph(hashes, n, out) : this.classic(hashes, n, out);
  }

  private oph(hashes: Uint32Array, n: number, out: Uint32Array): Uint32Array {
    const k = this.numPerm;
    const bits = Math.log2(k);
    const empty = Number.isInteger(bits) && bits > 0 ? this.ophPow2(hashes, n, out, bits) : this.ophAnyK(hashes, n, out);
    if (empty > 0) this.densify(out, empty);
    return out;
  }

  // k = 2^bits: the high bits pick the bin and the rest, shifted up, order elements within it.
  // That value has its low `bits` bits clear, so it is never 0xffffffff, which marks an empty
  // bin. The loop stays in int32: values are compared with their sign bit flipped, which orders
  // them as unsigned (uint32 values above 2^31 would leave V8's int32 fast path). A branch, not
  // Math.min: after a bin's first few elements its minimum rarely moves, so the store is
  // mostly skipped. Writes every slot of out; returns the number of empty bins, listed in
  // emptyBins without a branch (a third of the bins are empty at bench:data's ~165 shingles a
  // record, too many to predict).
  private ophPow2(hashes: Uint32Array, n: number, out: Uint32Array, bits: number): number {
    const k = this.numPerm;
    const mins = this.mins;
    const emptyBins = this.emptyBins;
    const seedMix = this.seedMix | 0;
    const shift = 32 - bits;
    mins.fill(EMPTY);
    for (let s = 0; s < n; s++) {
      const x = fmix32(hashes[s]! ^ seedMix) | 0;
      const bin = x >>> shift;
      const v = (x << bits) ^ 0x80000000;
      if (v < mins[bin]!) mins[bin] = v;
    }
    let empty = 0;
    for (let i = 0; i < k; i++) {
      const m = mins[i]!;
      emptyBins[empty] = i;
      empty += 1 - isFilled(m); // arithmetic: a ternary here compiled to a branch (1.3× slower)
      out[i] = m ^ 0x80000000; // the store wraps to uint32
    }
    return empty;
  }

  // out holds the minimums (a bin's first element sets it; densify fills the empty ones); mins
  // marks the filled bins (0 filled, EMPTY not), and the empty ones are listed in emptyBins.
  private ophAnyK(hashes: Uint32Array, n: number, out: Uint32Array): number {
    const k = this.numPerm;
    const mins = this.mins;
    mins.fill(EMPTY);
    let empty = k;
    for (let s = 0; s < n; s++) {
      const x = fmix32(hashes[s]! ^ this.seedMix);
      const bin = Math.floor((x * k) / 4294967296);
      const v = fmix32(x ^ 0x5bd1e995);
      if (mins[bin] === EMPTY) {
        mins[bin] = 0;
        empty--;
        out[bin] = v;
      } else if (v < out[bin]!) out[bin] = v;
    }
    for (let i = 0, e = 0; e < empty; i++) if (mins[i] === EMPTY) this.emptyBins[e++] = i;
    return empty;
  }

  // Optimal densification: empty bin i takes the value of the first non-empty bin in its own
  // probe sequence; probes depend only on (i, attempt), so all sets share them, and the first
  // PROBES of each bin's sequence are computed once. The first four probes are resolved without
  // a branch (each misses with probability ~1/3: a branch per probe mispredicted often), and
  // all four miss for ~1.5% of the empty bins.
  private densify(out: Uint32Array, empty: number): void {
    const mins = this.mins;
    const probes = (this.probes ??= this.probeTable());
    for (let e = 0; e < empty; e++) {
      const i = this.emptyBins[e]!;
      const p = i * PROBES;
      let j = firstFilled(mins, probes[p + 3]!, -1);
      j = firstFilled(mins, probes[p + 2]!, j);
      j = firstFilled(mins, probes[p + 1]!, j);
      j = firstFilled(mins, probes[p]!, j);
      for (let q = p + 4, end = p + PROBES; j < 0 && q < end; q++) if (mins[probes[q]!] !== EMPTY) j = probes[q]!;
      for (let attempt = PROBES + 1; j < 0; attempt++) {
        const t = this.probe(i, attempt);
        if (mins[t] !== EMPTY) j = t;
      }
      // a bijection of the borrowed value, salted per slot: slots still agree exactly when
      // the borrowed values do, but a set with one element no longer has 128 equal slots,
      // which would make truncated (b-bit) slots of two unrelated tiny sets agree everywhere
      out[i] = fmix32(out[j]! ^ Math.imul(i + 1, 0x27d4eb2f));
    }
  }

  private probe(bin: number, attempt: number): number {
    return Math.floor((fmix32(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77) ^ this.seedMix) * this.numPerm) / 4294967296);
  }

  private probeTable(): Int32Array {
    const table = new Int32Array(this.numPerm * PROBES);
    for (let i = 0; i < this.numPerm; i++) for (let a = 1; a <= PROBES; a++) table[i * PROBES + a - 1] = this.probe(i, a);
    return table;
  }

  private classic(hashes: Uint32Array, n: number, out: Uint32Array): Uint32Array {
    const { a, b, numPerm } = this;
    out.fill(0xffffffff);
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

/** 1 when a bin's minimum is set (not EMPTY), else 0; no branch. */
function isFilled(m: number): number {
  const x = m ^ EMPTY;
  return (x | -x) >>> 31;
}

/** Bin t when it is filled, else j; no branch. */
function firstFilled(mins: Int32Array, t: number, j: number): number {
  const filled = -isFilled(mins[t]!);
  return (t & filled) | (j & ~filled);
}

/** Fraction of equal slots: an unbiased estimate of the Jaccard similarity of the two sets. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError('signatures differ in length');
  let eq = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) eq++;
  return eq / a.length;
}
