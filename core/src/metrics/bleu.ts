// Corpus and sentence BLEU, reproducing sacrebleu 2.6 (BLEU, corpus_bleu, sentence_bleu).
import { sacreTokenizer, type SacreTokenizerName } from './sacrebleu-tokenizers.ts';
import { countNgrams, pyRstrip, pySplit } from './text.ts';
import { assertNonEmpty, assertSameLength } from './validate.ts';

export type SmoothMethod = 'none' | 'floor' | 'add-k' | 'exp';

export interface BleuOptions {
  /** Default '13a' like sacrebleu. */
  tokenize?: SacreTokenizerName;
  lowercase?: boolean;
  /** Default 'exp' (mteval's NIST smoothing) like sacrebleu. */
  smoothMethod?: SmoothMethod;
  /** For 'floor' (default 0.1) and 'add-k' (default 1). */
  smoothValue?: number;
  maxNgramOrder?: number;
  /** Average only over n-gram orders the hypothesis has (sacrebleu's effective_order). */
  effectiveOrder?: boolean;
}

export interface BleuScore {
  /** 0..100 */
  score: number;
  counts: number[];
  totals: number[];
  /** Per-order precisions, in percent. */
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
}

/** One entry per hypothesis: its reference, or all of its references. */
export type References = readonly (string | readonly string[])[];

const SMOOTH_DEFAULTS: Record<SmoothMethod, number> = { none: 0, floor: 0.1, 'add-k': 1, exp: 0 };

/** sacrebleu's my_log: log(0) is floored so one empty order drives the score to 0 instead of NaN. */
const myLog = (x: number) => (x === 0 ? -9999999999 : Math.log(x));

/** BLEU from sufficient statistics (sacrebleu BLEU.compute_bleu). */
export function computeBleu(
  counts: readonly number[], totals: readonly number[], sysLen: number, refLen: number, options: BleuOptions = {},
): BleuScore {
  const method = options.smoothMethod ?? 'none';
  if (!(method in SMOOTH_DEFAULTS)) throw new RangeError(`unknown smoothMethod '${method}'`);
  const value = options.smoothValue ?? SMOOTH_DEFAULTS[method];
  const order = options.maxNgramOrder ?? 4;
  const correct = [...counts];
  const total = [...totals];
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  const precisions = new Array<number>(order).fill(0);
  const result = (score: number) => ({ score, counts: correct, totals: total, precisions, bp, sysLen, refLen });
  if (!correct.some((c) => c !== 0)) return result(0);
  let smoothMteval = 1;
  let effOrder = order;
  for (let n = 1; n <= order; n++) {
    if (method === 'add-k' && n > 1) {
      correct[n - 1] += value;
      total[n - 1] += value;
    }
    if (total[n - 1] === 0) break;
    if (options.effectiveOrder) effOrder = n;
    if (correct[n - 1] === 0) {
      if (method === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * total[n - 1]);
      } else if (method === 'floor') {
        precisions[n - 1] = (100 * value) / total[n - 1];
      }
    } else {
      precisions[n - 1] = (100 * correct[n - 1]) / total[n - 1];
    }
  }
  const logSum = precisions.slice(0, effOrder).reduce((a, p) => a + myLog(p), 0);
  return result(bp * Math.exp(logSum / effOrder));
}

function wordNgrams(line: string, maxOrder: number): { ngrams: Map<string, number>[]; len: number } {
  const tokens = pySplit(line);
  return { ngrams: Array.from({ length: maxOrder }, (_, n) => countNgrams(tokens, n + 1)), len: tokens.length };
}

/** The closest reference length; ties go to the shorter reference. */
function closestRefLen(hypLen: number, refLens: number[]): number {
  let best = refLens[0];
  for (const r of refLens) {
    const d = Math.abs(hypLen - r);
    const bd = Math.abs(hypLen - best);
    if (d < bd || (d === bd && r < best)) best = r;
  }
  return best;
}

/** Per-segment [hypLen, refLen, correct_1..N, total_1..N], summed over the corpus. */
function corpusStats(hyps: readonly string[], refs: References, options: BleuOptions): number[] {
  assertSameLength('BLEU hypotheses vs references', hyps, refs);
  const order = options.maxNgramOrder ?? 4;
  const tok = sacreTokenizer(options.tokenize ?? '13a');
  const prep = (s: string) => tok(pyRstrip(options.lowercase ? s.toLowerCase() : s));
  const stats = new Array<number>(2 + 2 * order).fill(0);
  hyps.forEach((hyp, i) => {
    const refList = typeof refs[i] === 'string' ? [refs[i] as string] : [...(refs[i] as readonly string[])];
    if (refList.length === 0) throw new RangeError(`BLEU: hypothesis ${i} has no reference`);
    // Reference n-gram counts are clipped by the max over references.
    const maxRef = Array.from({ length: order }, () => new Map<string, number>());
    const refLens = refList.map((r) => {
      const { ngrams, len } = wordNgrams(prep(r), order);
      ngrams.forEach((m, n) => m.forEach((c, k) => maxRef[n].set(k, Math.max(maxRef[n].get(k) ?? 0, c))));
      return len;
    });
    const h = wordNgrams(prep(hyp), order);
    stats[0] += h.len;
    stats[1] += closestRefLen(h.len, refLens);
    h.ngrams.forEach((m, n) => m.forEach((c, k) => {
      stats[2 + order + n] += c;
      stats[2 + n] += Math.min(c, maxRef[n].get(k) ?? 0);
    }));
  });
  return stats;
}

/** sacrebleu.corpus_bleu: 13a tokenization, exp smoothing, no effective order by default. */
export function corpusBleu(hyps: readonly string[], refs: References, options: BleuOptions = {}): BleuScore {
  assertNonEmpty('corpusBleu', hyps);
  const opts: BleuOptions = { ...options, smoothMethod: options.smoothMethod ?? 'exp' };
  const order = opts.maxNgramOrder ?? 4;
  const s = corpusStats(hyps, refs, opts);
  return computeBleu(s.slice(2, 2 + order), s.slice(2 + order), s[0], s[1], opts);
}

/** sacrebleu.sentence_bleu: same as corpusBleu on one segment, but with effective order on by default. */
export function sentenceBleu(hyp: string, refs: string | readonly string[], options: BleuOptions = {}): BleuScore {
  return corpusBleu([hyp], [refs], { ...options, effectiveOrder: options.effectiveOrder ?? true });
}
