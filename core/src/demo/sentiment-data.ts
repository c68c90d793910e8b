// A deterministic sentiment dataset: short reviews built from templates and word lists. The label is the
// adjective's polarity, flipped by a negation ("not", "never", "hardly"), always and only then, so a model
// that reads the last word and whether a negation came before it can be right every time.
import { mulberry32 } from '../weights/index.ts';

export const POSITIVE = ['good', 'great', 'fun', 'lovely', 'superb', 'nice', 'brilliant', 'charming', 'pleasant', 'excellent'];
export const NEGATIVE = ['bad', 'awful', 'dull', 'boring', 'terrible', 'poor', 'weak', 'bland', 'messy', 'horrible'];
const SUBJECTS = ['the movie', 'the food', 'this book', 'the hotel', 'the show', 'our trip', 'the service', 'the music'];
const PLAIN = ['{s} was {a}', '{s} is {a}', 'i found {s} {a}', '{s} was really {a}'];
const NEGATED = ['{s} was not {a}', '{s} is not {a}', '{s} was never {a}', 'i found {s} hardly {a}'];

/** label 1: positive, 0: negative. */
export interface SentimentRecord {
  text: string;
  label: 0 | 1;
}

export const SENTIMENT_LABELS = ['negative', 'positive'];

export interface SentimentSplits {
  train: SentimentRecord[];
  validation: SentimentRecord[];
}

/**
 * `train` + `validation` distinct sentences, each split balanced (labels alternate), about a third negated.
 * Same seed, same data.
 */
export function sentimentDataset(opts: { seed?: number; train?: number; validation?: number } = {}): SentimentSplits {
  const rand = mulberry32(opts.seed ?? 0);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const seen = new Set<string>();
  const make = (n: number): SentimentRecord[] => {
    const out: SentimentRecord[] = [];
    while (out.length < n) {
      const label = (out.length % 2) as 0 | 1;
      const negated = rand() < 1 / 3;
      // The adjective's polarity is the label, unless a negation flips it.
      const adjective = pick((label === 1) !== negated ? POSITIVE : NEGATIVE);
      const text = pick(negated ? NEGATED : PLAIN).replace('{s}', pick(SUBJECTS)).replace('{a}', adjective);
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ text, label });
    }
    return out;
  };
  return { train: make(opts.train ?? 512), validation: make(opts.validation ?? 128) };
}
