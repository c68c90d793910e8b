// Seeded, stratified train/validation/test split that streams.
//
// Per stratum (e.g. a classification label) the first m records hold exactly round(m·test)
// test and round(m·(validation+test)) - round(m·test) validation records, at every block
// boundary and at the end, so each stratum's proportions are exact to within one record.
// Which records of a block go where is a seeded random choice, so the same seed gives the same
// split and another seed another split. Only one block per stratum is buffered.
import { deriveSeed, mulberry32, randInt } from './random.ts';
import { DataError } from './errors.ts';
import type { SplitName } from './types.ts';

export interface SplitOptions {
  /** Fraction for validation, default 0.15. */
  validation?: number;
  /** Fraction for test, default 0. */
  test?: number;
  seed?: number;
  /** Records buffered per stratum before their assignment is fixed (default 256). */
  blockSize?: number;
}

interface Stratum<T> {
  rand: () => number;
  seen: number; // records already released
  buffer: T[];
}

export class StreamSplitter<T> {
  private readonly v: number;
  private readonly t: number;
  private readonly seed: number;
  private readonly blockSize: number;
  private readonly strata = new Map<string, Stratum<T>>();

  constructor(opts: SplitOptions = {}) {
    this.v = opts.validation ?? 0.15;
    this.t = opts.test ?? 0;
    this.seed = opts.seed ?? 0;
    this.blockSize = opts.blockSize ?? 256;
    if (!(this.v >= 0 && this.t >= 0 && this.v + this.t <= 1)) {
      throw new DataError('invalid_options', 'split fractions must be >= 0 and sum to at most 1', { field: 'split' });
    }
  }

  /** Adds a record of a stratum; returns the records whose split is now fixed. */
  push(item: T, stratum = ''): [T, SplitName][] {
    let s = this.strata.get(stratum);
    if (!s) {
      s = { rand: mulberry32(deriveSeed(this.seed, 'split', stratum)), seen: 0, buffer: [] };
      this.strata.set(stratum, s);
    }
    s.buffer.push(item);
    return s.buffer.length >= this.blockSize ? this.release(s) : [];
  }

  /** Releases everything still buffered (call once at the end). */
  flush(): [T, SplitName][] {
    const out: [T, SplitName][] = [];
    for (const s of this.strata.values()) if (s.buffer.length > 0) out.push(...this.release(s));
    return out;
  }

  private release(s: Stratum<T>): [T, SplitName][] {
    const n0 = s.seen;
    const n1 = n0 + s.buffer.length;
    const nTest = Math.round(n1 * this.t) - Math.round(n0 * this.t);
    const nHeld = Math.round(n1 * (this.v + this.t)) - Math.round(n0 * (this.v + this.t));
    // seeded choice of nHeld positions (partial Fisher–Yates); the first nTest of them are test
    const order = Array.from(s.buffer, (_, i) => i);
    const names: SplitName[] = new Array(order.length).fill('train');
    for (let k = 0; k < nHeld; k++) {
      const j = k + randInt(s.rand, order.length - k);
      const tmp = order[k]!;
      order[k] = order[j]!;
      order[j] = tmp;
      names[order[k]!] = k < nTest ? 'test' : 'validation';
    }
    const out = s.buffer.map((item, i): [T, SplitName] => [item, names[i]!]);
    s.seen = n1;
    s.buffer = [];
    return out;
  }
}

/** In-memory split: every record of a stratum in one block, original order kept within each split. */
export function splitRecords<T>(
  items: readonly T[],
  opts: Omit<SplitOptions, 'blockSize'> & { stratify?: (item: T) => string | undefined } = {},
): Record<SplitName, T[]> {
  const splitter = new StreamSplitter<number>({ ...opts, blockSize: Infinity });
  items.forEach((item, i) => splitter.push(i, opts.stratify?.(item) ?? ''));
  const names = new Array<SplitName>(items.length);
  for (const [i, name] of splitter.flush()) names[i] = name;
  const out: Record<SplitName, T[]> = { train: [], validation: [], test: [] };
  items.forEach((item, i) => out[names[i]!].push(item));
  return out;
}

/** Stratum of a record: classification records by label, everything else by kind (no stratification). */
export function recordStratum(rec: { kind: string; data: unknown }): string {
  if (rec.kind === 'classification') return `classification:${JSON.stringify((rec.data as { label: string | number }).label)}`;
  return rec.kind;
}
