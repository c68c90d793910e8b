// ROUGE-N and ROUGE-L as torchmetrics computes them (rouge_score; defaults: no stemmer, accumulate 'best').
import { countNgrams, overlap, pySplit, total } from './text.ts';
import { assertNonEmpty, assertSameLength } from './validate.ts';
import type { References } from './bleu.ts';

/** rouge1..rouge9 and rougeL (LCS over the whole text). rougeLsum needs NLTK's sentence splitter and is not offered. */
export type RougeKey = 'rouge1' | 'rouge2' | 'rouge3' | 'rouge4' | 'rouge5' | 'rouge6' | 'rouge7' | 'rouge8' | 'rouge9' | 'rougeL';

export interface RougeOptions {
  keys?: readonly RougeKey[];
  /** With several references: 'best' keeps the one with the highest F (first on ties), 'avg' averages. */
  accumulate?: 'best' | 'avg';
  normalizer?: (text: string) => string;
  tokenizer?: (text: string) => readonly string[];
  /** Applied to tokens longer than 3 characters, as torchmetrics does with its Porter stemmer. */
  stemmer?: (token: string) => string;
}

export interface Prf {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** Lowercase, turn every run of non [a-z0-9] into a space, split on whitespace (torchmetrics' default). */
export function rougeTokens(text: string, options: RougeOptions = {}): string[] {
  const norm = options.normalizer ? options.normalizer(text) : text.toLowerCase().replace(/[^a-z0-9]+/g, ' ');
  let tokens = options.tokenizer ? [...options.tokenizer(norm)] : pySplit(norm);
  const stem = options.stemmer;
  if (stem) tokens = tokens.map((t) => (t.length > 3 ? stem(t) : t));
  return tokens.filter((t) => t.length > 0);
}

const ZERO: Prf = { precision: 0, recall: 0, fmeasure: 0 };

function prf(hits: number, predLen: number, targetLen: number): Prf {
  const precision = hits / predLen;
  const recall = hits / targetLen;
  if (precision === 0 && recall === 0) return ZERO;
  return { precision, recall, fmeasure: (2 * precision * recall) / (precision + recall) };
}

export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(a.length + 1).fill(0);
  for (const tb of b) {
    const row = [0];
    for (let j = 1; j <= a.length; j++) row.push(tb === a[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]));
    prev = row;
  }
  return prev[a.length];
}

function scoreKey(key: RougeKey, pred: string[], target: string[]): Prf {
  if (key === 'rougeL') {
    if (pred.length === 0 || target.length === 0) return ZERO;
    return prf(lcsLength(pred, target), pred.length, target.length);
  }
  const n = Number(key.slice(5));
  const p = countNgrams(pred, n);
  const t = countNgrams(target, n);
  if (total(p) === 0 || total(t) === 0) return ZERO;
  return prf(overlap(p, t), total(p), total(t));
}

/** Mean ROUGE over the corpus, keyed like torchmetrics: 'rouge1_fmeasure', 'rougeL_precision', ... */
export function rougeScore(preds: readonly string[], refs: References, options: RougeOptions = {}): Record<string, number> {
  assertSameLength('rougeScore', preds, refs);
  assertNonEmpty('rougeScore', preds);
  const keys = options.keys ?? (['rouge1', 'rouge2', 'rougeL'] as const);
  for (const k of keys) if (!/^rouge([1-9]|L)$/.test(k)) throw new RangeError(`rougeScore: unknown key '${k}'`);
  const sums = new Map<string, number>();
  preds.forEach((predRaw, i) => {
    const pred = rougeTokens(predRaw, options);
    const targets = (typeof refs[i] === 'string' ? [refs[i] as string] : [...(refs[i] as readonly string[])]).map((t) =>
      rougeTokens(t, options));
    if (targets.length === 0) throw new RangeError(`rougeScore: prediction ${i} has no reference`);
    for (const key of keys) {
      const per = targets.map((t) => scoreKey(key, pred, t));
      const best = per.reduce((b, s) => (s.fmeasure > b.fmeasure ? s : b), per[0]);
      const avg = (f: keyof Prf) => per.reduce((a, s) => a + s[f], 0) / per.length;
      const chosen: Prf = options.accumulate === 'avg'
        ? { precision: avg('precision'), recall: avg('recall'), fmeasure: avg('fmeasure') }
        : best;
      for (const f of ['fmeasure', 'precision', 'recall'] as const) {
        sums.set(`${key}_${f}`, (sums.get(`${key}_${f}`) ?? 0) + chosen[f]);
      }
    }
  });
  return Object.fromEntries([...sums].map(([k, v]) => [k, v / preds.length]));
}
