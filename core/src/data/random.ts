// Seeded randomness: mulberry32 is tiny, fast and good enough for shuffles and augmentation.
import { fnv1a32 } from './hash.ts';

// One seeded generator for the whole project (weights/random.ts); re-exported for the data modules.
export { mulberry32 } from '../weights/random.ts';

/** Derives an independent seed from a base seed and labels (e.g. a stratum or a record hash). */
export function deriveSeed(seed: number, ...parts: (string | number)[]): number {
  return fnv1a32(`${seed >>> 0}\u0000${parts.join('\u0000')}`);
}

/** Integer in [0, n). */
export function randInt(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}

/** Fisher–Yates in place. */
export function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randInt(rand, i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}
