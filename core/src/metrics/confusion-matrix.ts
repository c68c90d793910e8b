// Confusion matrix like sklearn.metrics.confusion_matrix: rows are true labels, columns predictions.
import { uniqueLabels, type Label } from './labels.ts';
import { assertNonEmpty, assertSameLength } from './validate.ts';

export interface ConfusionMatrixOptions {
  /** Row/column order; samples whose true or predicted label is not listed are dropped. Default: sorted union. */
  labels?: readonly Label[];
  /** Divide by row sums ('true'), column sums ('pred') or the total ('all'); 0/0 becomes 0 as in sklearn. */
  normalize?: 'true' | 'pred' | 'all';
}

export function confusionMatrix(
  yTrue: readonly Label[], yPred: readonly Label[], options: ConfusionMatrixOptions = {},
): number[][] {
  assertSameLength('confusionMatrix', yTrue, yPred);
  assertNonEmpty('confusionMatrix', yTrue);
  const labels = options.labels ? [...options.labels] : uniqueLabels(yTrue, yPred);
  if (labels.length === 0) throw new RangeError("confusionMatrix: 'labels' should contain at least one label");
  const trueSet = new Set(yTrue);
  if (!labels.some((l) => trueSet.has(l))) throw new RangeError('confusionMatrix: at least one label specified must be in yTrue');
  const index = new Map(labels.map((l, i) => [l, i]));
  const cm = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]);
    const p = index.get(yPred[i]);
    if (t !== undefined && p !== undefined) cm[t][p]++;
  }
  return options.normalize ? normalizeMatrix(cm, options.normalize) : cm;
}

function normalizeMatrix(cm: number[][], how: 'true' | 'pred' | 'all'): number[][] {
  const rows = cm.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = cm[0].map((_, j) => cm.reduce((a, r) => a + r[j], 0));
  const all = rows.reduce((a, b) => a + b, 0);
  return cm.map((r, i) =>
    r.map((v, j) => {
      const d = how === 'true' ? rows[i] : how === 'pred' ? cols[j] : all;
      return d === 0 ? 0 : v / d;
    }),
  );
}
