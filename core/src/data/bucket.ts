// Length bucketing: batches of similar-length examples so padding is small, in a seeded order.
// Same idea as HF's LengthGroupedSampler: shuffle, cut into mega-batches of `batchSize·megaBatch`,
// sort each by length, cut into batches, shuffle the batch order.
import { mulberry32, shuffle } from './random.ts';

export interface BucketOptions {
  batchSize: number;
  seed?: number;
  /** Batches per mega-batch (default 50): larger groups lengths more tightly but less randomly. */
  megaBatch?: number;
}

/** Returns batches of example indices. */
export function bucketBatches(lengths: ArrayLike<number>, opts: BucketOptions): number[][] {
  const { batchSize } = opts;
  if (!(batchSize >= 1)) throw new RangeError('batchSize must be >= 1');
  const rand = mulberry32(opts.seed ?? 0);
  const order = shuffle(Array.from({ length: lengths.length }, (_, i) => i), rand);
  const mega = batchSize * (opts.megaBatch ?? 50);
  const batches: number[][] = [];
  for (let m = 0; m < order.length; m += mega) {
    const group = order.slice(m, m + mega).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
    for (let b = 0; b < group.length; b += batchSize) batches.push(group.slice(b, b + batchSize));
  }
  return shuffle(batches, rand);
}
