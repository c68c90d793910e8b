// Accuracy and precision / recall / F-beta as scikit-learn 1.9 computes them (precision_recall_fscore_support).
import { formatLabel, uniqueLabels, type Label } from './labels.ts';
import { assertNonEmpty, assertSameLength } from './validate.ts';

export type Average = 'binary' | 'micro' | 'macro' | 'weighted';
/** sklearn's zero_division: 'warn' (the default) scores 0 like sklearn, without logging; 0, 1 or NaN. */
export type ZeroDivision = 'warn' | number;

export interface PrfOptions {
  /** Labels to score, in this order; default: sorted union of yTrue and yPred. Ignored for 'binary'. */
  labels?: readonly Label[];
  /** Positive class for average 'binary' (default 1). */
  posLabel?: Label;
  /** Recall weight in F-beta (default 1). */
  beta?: number;
  zeroDivision?: ZeroDivision;
}

export interface PerClassPrf {
  labels: Label[];
  precision: number[];
  recall: number[];
  fbeta: number[];
  support: number[];
}

export interface AveragedPrf {
  precision: number;
  recall: number;
  fbeta: number;
}

export function accuracyScore(yTrue: readonly Label[], yPred: readonly Label[], { normalize = true } = {}): number {
  assertSameLength('accuracy', yTrue, yPred);
  assertNonEmpty('accuracy', yTrue);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return normalize ? hits / yTrue.length : hits;
}

function zeroDivisionValue(z: ZeroDivision | undefined): number {
  if (z === undefined || z === 'warn') return 0;
  if (z === 0 || z === 1 || Number.isNaN(z)) return z;
  throw new RangeError(`zeroDivision must be 'warn', 0, 1 or NaN, got ${z}`);
}

/** tp / predicted / true counts per label (one-vs-rest), like sklearn's multilabel_confusion_matrix. */
function labelCounts(yTrue: readonly Label[], yPred: readonly Label[], labels: readonly Label[]) {
  const index = new Map(labels.map((l, i) => [l, i]));
  const tp = new Array<number>(labels.length).fill(0);
  const predSum = [...tp];
  const trueSum = [...tp];
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]);
    const p = index.get(yPred[i]);
    if (t !== undefined) trueSum[t]++;
    if (p !== undefined) predSum[p]++;
    if (t !== undefined && t === p) tp[t]++;
  }
  return { tp, predSum, trueSum };
}

function divide(num: number[], den: number[], zero: number): number[] {
  return num.map((n, i) => (den[i] === 0 ? zero : n / den[i]));
}

/** Scores from counts; F uses sklearn's tp form, (1+b²)tp / ((1+b²)tp + b²fn + fp), so it is 0 when tp is 0. */
function scores(tp: number[], predSum: number[], trueSum: number[], beta: number, zero: number) {
  if (!(beta >= 0)) throw new RangeError(`beta must be >= 0, got ${beta}`);
  const precision = divide(tp, predSum, zero);
  const recall = divide(tp, trueSum, zero);
  const b2 = beta * beta;
  const fbeta =
    beta === Infinity ? recall : beta === 0 ? precision
      : divide(tp.map((t) => (1 + b2) * t), trueSum.map((t, i) => b2 * t + predSum[i]), zero);
  return { precision, recall, fbeta };
}

/** Labels and their counts; checks shared by the per-class and averaged entry points. */
function countsFor(yTrue: readonly Label[], yPred: readonly Label[], labels?: readonly Label[]) {
  assertSameLength('precision/recall', yTrue, yPred);
  assertNonEmpty('precision/recall', yTrue);
  const ls = labels ? [...labels] : uniqueLabels(yTrue, yPred);
  if (ls.length === 0) throw new RangeError('precision/recall: labels is empty');
  return { labels: ls, ...labelCounts(yTrue, yPred, ls) };
}

/** Per-label precision, recall, F-beta and support (sklearn average=None). */
export function perClassPrecisionRecallF(
  yTrue: readonly Label[], yPred: readonly Label[], options: Omit<PrfOptions, 'posLabel'> = {},
): PerClassPrf {
  const { labels, tp, predSum, trueSum } = countsFor(yTrue, yPred, options.labels);
  const s = scores(tp, predSum, trueSum, options.beta ?? 1, zeroDivisionValue(options.zeroDivision));
  return { labels, ...s, support: trueSum };
}

/** sklearn's _nanaverage: NaN entries (zero_division=NaN) are left out; all-zero weights fall back to a plain mean. */
function nanAverage(values: number[], weights?: number[]): number {
  const keep = values.map((v) => !Number.isNaN(v));
  const vs = values.filter((_, i) => keep[i]);
  if (vs.length === 0) return NaN;
  const ws = weights?.filter((_, i) => keep[i]);
  const wsum = ws ? ws.reduce((a, b) => a + b, 0) : 0;
  if (!ws || wsum === 0) return vs.reduce((a, b) => a + b, 0) / vs.length;
  return vs.reduce((a, v, i) => a + v * ws[i], 0) / wsum;
}

/** The labels average='binary' scores: only posLabel, and only when the data has at most two classes. */
function binaryLabels(yTrue: readonly Label[], yPred: readonly Label[], posLabel: Label): Label[] {
  const present = uniqueLabels(yTrue, yPred);
  if (present.length > 2) {
    throw new RangeError(
      `average 'binary' needs at most 2 classes but found ${present.length}; use perClassPrecisionRecallF or average 'micro', 'macro' or 'weighted'`,
    );
  }
  if (!present.includes(posLabel) && present.length === 2) {
    throw new RangeError(`posLabel ${formatLabel(posLabel)} is not a valid label; it should be one of ${present.map(formatLabel).join(', ')}`);
  }
  return [posLabel];
}

/** Averaged precision, recall and F-beta; average defaults to 'binary' like sklearn. */
export function precisionRecallF(
  yTrue: readonly Label[], yPred: readonly Label[], options: PrfOptions & { average?: Average } = {},
): AveragedPrf {
  const average = options.average ?? 'binary';
  const labels = average === 'binary' ? binaryLabels(yTrue, yPred, options.posLabel ?? 1) : options.labels;
  let { tp, predSum, trueSum } = countsFor(yTrue, yPred, labels);
  if (average === 'micro') [tp, predSum, trueSum] = [tp, predSum, trueSum].map((xs) => [xs.reduce((a, b) => a + b, 0)]);
  const s = scores(tp, predSum, trueSum, options.beta ?? 1, zeroDivisionValue(options.zeroDivision));
  const weights = average === 'weighted' ? trueSum : undefined;
  return { precision: nanAverage(s.precision, weights), recall: nanAverage(s.recall, weights), fbeta: nanAverage(s.fbeta, weights) };
}

type ScoreOptions = PrfOptions & { average?: Average };

export function precisionScore(yTrue: readonly Label[], yPred: readonly Label[], options: ScoreOptions = {}): number {
  return precisionRecallF(yTrue, yPred, options).precision;
}

export function recallScore(yTrue: readonly Label[], yPred: readonly Label[], options: ScoreOptions = {}): number {
  return precisionRecallF(yTrue, yPred, options).recall;
}

export function fbetaScore(yTrue: readonly Label[], yPred: readonly Label[], options: ScoreOptions & { beta: number }): number {
  return precisionRecallF(yTrue, yPred, options).fbeta;
}

export function f1Score(yTrue: readonly Label[], yPred: readonly Label[], options: Omit<ScoreOptions, 'beta'> = {}): number {
  return precisionRecallF(yTrue, yPred, { ...options, beta: 1 }).fbeta;
}
