// SQuAD v1.1 official evaluation: exact match and token F1, maximised over the gold answers.
import { countNgrams, overlap, pySplit } from './text.ts';
import { assertNonEmpty, assertSameLength } from './validate.ts';

const PUNCT = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'); // Python's string.punctuation
// Python's Unicode \b around a/an/the: word characters are letters, digits and '_'.
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/** Lowercase, drop ASCII punctuation, replace articles a/an/the with spaces, collapse whitespace. */
export function normalizeAnswer(s: string): string {
  const noPunct = Array.from(s.toLowerCase()).filter((c) => !PUNCT.has(c)).join('');
  return pySplit(noPunct.replace(ARTICLES, ' ')).join(' ');
}

const golds = (g: string | readonly string[]) => {
  const list = typeof g === 'string' ? [g] : g;
  if (list.length === 0) throw new RangeError('SQuAD: an example has no gold answers');
  return list;
};

/** 1 when the normalized prediction equals some normalized gold answer, else 0. */
export function squadExactMatch(prediction: string, gold: string | readonly string[]): number {
  const p = normalizeAnswer(prediction);
  return golds(gold).some((g) => normalizeAnswer(g) === p) ? 1 : 0;
}

function tokenF1(prediction: string, gold: string): number {
  const p = pySplit(normalizeAnswer(prediction));
  const g = pySplit(normalizeAnswer(gold));
  const same = overlap(countNgrams(p, 1), countNgrams(g, 1));
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Bag-of-tokens F1 against the best-matching gold answer. */
export function squadF1(prediction: string, gold: string | readonly string[]): number {
  return Math.max(...golds(gold).map((g) => tokenF1(prediction, g)));
}

export interface SquadScores {
  /** Percent, like the official script. */
  exactMatch: number;
  /** Percent. */
  f1: number;
  perExample: { exactMatch: number[]; f1: number[] };
}

export function squadScores(predictions: readonly string[], gold: readonly (string | readonly string[])[]): SquadScores {
  assertSameLength('squadScores', predictions, gold);
  assertNonEmpty('squadScores', predictions);
  const em = predictions.map((p, i) => squadExactMatch(p, gold[i]));
  const f1 = predictions.map((p, i) => squadF1(p, gold[i]));
  const pct = (xs: number[]) => (100 * xs.reduce((a, b) => a + b, 0)) / xs.length;
  return { exactMatch: pct(em), f1: pct(f1), perExample: { exactMatch: em, f1 } };
}
