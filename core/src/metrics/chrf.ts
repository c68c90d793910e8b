// chrF / chrF++ reproducing sacrebleu 2.6 CHRF (defaults: char order 6, word order 0, beta 2).
import { countNgrams, overlap, pySplit, total } from './text.ts';
import { assertNonEmpty, assertSameLength } from './validate.ts';
import type { References } from './bleu.ts';

export interface ChrfOptions {
  charOrder?: number;
  /** 2 gives chrF++. */
  wordOrder?: number;
  beta?: number;
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams. */
  whitespace?: boolean;
  /** chrF++.py-style epsilon smoothing instead of sacrebleu's effective-order average. */
  epsSmoothing?: boolean;
}

const PUNCTS = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** Splits one leading or trailing punctuation mark off each word (sacrebleu's _remove_punctuation). */
function words(sent: string): string[] {
  const out: string[] = [];
  for (const w of pySplit(sent)) {
    const cs = Array.from(w);
    if (cs.length === 1) out.push(w);
    else if (PUNCTS.has(cs[cs.length - 1])) out.push(cs.slice(0, -1).join(''), cs[cs.length - 1]);
    else if (PUNCTS.has(cs[0])) out.push(cs[0], cs.slice(1).join(''));
    else out.push(w);
  }
  return out;
}

function ngrams(sent: string, o: Required<ChrfOptions>): Map<string, number>[] {
  const chars = Array.from(o.whitespace ? sent : pySplit(sent).join(''));
  const out = Array.from({ length: o.charOrder }, (_, n) => countNgrams(chars, n + 1));
  const ws = o.wordOrder > 0 ? words(sent) : [];
  for (let n = 1; n <= o.wordOrder; n++) out.push(countNgrams(ws, n));
  return out;
}

/** [hyp, ref, match] per order; hypothesis n-grams count only when the reference has some of that order. */
function matchStats(hyp: Map<string, number>[], ref: Map<string, number>[]): number[] {
  return hyp.flatMap((h, i) => [ref[i].size > 0 ? total(h) : 0, total(ref[i]), overlap(h, ref[i])]);
}

function fScore(stats: readonly number[], o: Required<ChrfOptions>): number {
  const eps = 1e-16;
  const factor = o.beta ** 2;
  let score = 0;
  let avgPrec = 0;
  let avgRec = 0;
  let effective = 0;
  for (let i = 0; i < stats.length / 3; i++) {
    const [nHyp, nRef, nMatch] = stats.slice(3 * i, 3 * i + 3);
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      effective++;
    }
  }
  if (o.epsSmoothing) return (100 * score) / (stats.length / 3);
  if (effective === 0) return 0;
  avgPrec /= effective;
  avgRec /= effective;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * ((1 + factor) * avgPrec * avgRec)) / (factor * avgPrec + avgRec);
}

/** Corpus chrF (0..100): per segment the best-scoring reference's statistics, summed, then one F-score. */
export function corpusChrf(hyps: readonly string[], refs: References, options: ChrfOptions = {}): number {
  assertSameLength('chrF hypotheses vs references', hyps, refs);
  assertNonEmpty('corpusChrf', hyps);
  const o: Required<ChrfOptions> = {
    charOrder: 6, wordOrder: 0, beta: 2, lowercase: false, whitespace: false, epsSmoothing: false, ...stripUndefined(options),
  };
  const prep = (s: string) => (o.lowercase ? s.toLowerCase() : s);
  const sums = new Array<number>(3 * (o.charOrder + o.wordOrder)).fill(0);
  hyps.forEach((hyp, i) => {
    const refList = typeof refs[i] === 'string' ? [refs[i] as string] : [...(refs[i] as readonly string[])];
    if (refList.length === 0) throw new RangeError(`chrF: hypothesis ${i} has no reference`);
    const h = ngrams(prep(hyp), o);
    let best: number[] = [];
    let bestF = -1;
    for (const r of refList) {
      const stats = matchStats(h, ngrams(prep(r), o));
      const f = fScore(stats, o);
      if (f > bestF) [best, bestF] = [stats, f];
    }
    best.forEach((v, k) => (sums[k] += v));
  });
  return fScore(sums, o);
}

export function sentenceChrf(hyp: string, refs: string | readonly string[], options: ChrfOptions = {}): number {
  return corpusChrf([hyp], [refs], options);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
