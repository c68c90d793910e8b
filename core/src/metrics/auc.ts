// ROC curve and ROC AUC as scikit-learn 1.9 computes them (roc_curve with drop_intermediate, trapezoid area).
import { formatLabel, uniqueLabels, type Label } from './labels.ts';
import { assertFinite, assertNonEmpty, assertSameLength } from './validate.ts';

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** Decreasing score thresholds; the first is Infinity (the point (0, 0)), as in sklearn >= 1.3. */
  thresholds: number[];
}

/** The positive class: posLabel, else the larger of the two labels (sklearn's label_binarize order). */
function positiveLabel(yTrue: readonly Label[], posLabel: Label | undefined): Label {
  const classes = uniqueLabels(yTrue);
  if (classes.length === 1) {
    throw new RangeError(
      `ROC AUC: only one class (${formatLabel(classes[0])}) is present in yTrue; ROC AUC is undefined (scikit-learn warns and returns NaN)`,
    );
  }
  if (classes.length > 2) throw new RangeError(`ROC AUC: yTrue has ${classes.length} classes; use rocAucOvr for multiclass`);
  if (posLabel === undefined) return classes[1];
  if (!classes.includes(posLabel)) throw new RangeError(`ROC AUC: posLabel ${formatLabel(posLabel)} is not in yTrue`);
  return posLabel;
}

export function rocCurve(
  yTrue: readonly Label[], yScore: readonly number[], { posLabel, dropIntermediate = true }: { posLabel?: Label; dropIntermediate?: boolean } = {},
): RocCurve {
  assertSameLength('rocCurve', yTrue, yScore);
  assertNonEmpty('rocCurve', yTrue);
  assertFinite('rocCurve scores', yScore);
  const pos = positiveLabel(yTrue, posLabel);
  // Stable descending sort; only the last index of each run of tied scores becomes a threshold.
  const order = yScore.map((_, i) => i).sort((a, b) => yScore[b] - yScore[a]);
  let tps: number[] = [];
  let fps: number[] = [];
  let thresholds: number[] = [];
  let tp = 0;
  order.forEach((idx, k) => {
    if (yTrue[idx] === pos) tp++;
    if (k === order.length - 1 || yScore[order[k + 1]] !== yScore[idx]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(yScore[idx]);
    }
  });
  if (dropIntermediate && tps.length > 2) {
    // Keep the ends and every point where the curve bends (non-zero second difference).
    const keep = tps.map((_, i) =>
      i === 0 || i === tps.length - 1 ||
      fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0);
    [tps, fps, thresholds] = [tps, fps, thresholds].map((xs) => xs.filter((_, i) => keep[i]));
  }
  const P = tps[tps.length - 1];
  const N = fps[fps.length - 1];
  return {
    fpr: [0, ...fps.map((f) => f / N)],
    tpr: [0, ...tps.map((t) => t / P)],
    thresholds: [Infinity, ...thresholds],
  };
}

/** Trapezoidal area under y(x) like sklearn.metrics.auc: x must be monotonic (either direction). */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  assertSameLength('trapezoidArea', x, y);
  if (x.length < 2) throw new RangeError(`trapezoidArea: at least 2 points are needed, got ${x.length}`);
  let direction = 1;
  const dx = x.slice(1).map((v, i) => v - x[i]);
  if (dx.some((d) => d < 0)) {
    if (dx.every((d) => d <= 0)) direction = -1;
    else throw new RangeError('trapezoidArea: x is neither increasing nor decreasing');
  }
  let area = 0;
  for (let i = 0; i < dx.length; i++) area += (dx[i] * (y[i + 1] + y[i])) / 2.0;
  return direction * area;
}

/** Binary ROC AUC (sklearn roc_auc_score); tied scores count half through the trapezoid. */
export function rocAucScore(yTrue: readonly Label[], yScore: readonly number[], options: { posLabel?: Label } = {}): number {
  const { fpr, tpr } = rocCurve(yTrue, yScore, options);
  return trapezoidArea(fpr, tpr);
}

export interface OvrOptions {
  /** 'macro' (default): plain mean over classes; 'weighted': weighted by class frequency in yTrue. */
  average?: 'macro' | 'weighted';
  /** Class of each probability column, sorted; default: sorted unique labels of yTrue. */
  labels?: readonly Label[];
}

/** One-vs-rest multiclass ROC AUC from a probability matrix (sklearn multi_class='ovr'). */
export function rocAucOvr(yTrue: readonly Label[], probs: readonly (readonly number[])[], options: OvrOptions = {}): number {
  assertSameLength('rocAucOvr', yTrue, probs);
  assertNonEmpty('rocAucOvr', yTrue);
  const classes = options.labels ? [...options.labels] : uniqueLabels(yTrue);
  if (options.labels && uniqueLabels(classes).join('\u0000') !== classes.join('\u0000')) {
    throw new RangeError('rocAucOvr: labels must be unique and sorted');
  }
  probs.forEach((row, i) => {
    if (row.length !== classes.length) {
      throw new RangeError(`rocAucOvr: row ${i} has ${row.length} scores but there are ${classes.length} classes`);
    }
    assertFinite(`rocAucOvr row ${i}`, row);
    const s = row.reduce((a, b) => a + b, 0);
    // np.allclose(1, s): the scores must be probabilities.
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      throw new RangeError(`rocAucOvr: row ${i} sums to ${s}; scores must be probabilities that sum to 1 over classes`);
    }
  });
  const known = new Set(classes);
  const stray = yTrue.find((y) => !known.has(y));
  if (stray !== undefined) throw new RangeError(`rocAucOvr: yTrue has label ${formatLabel(stray)} that is not in labels`);
  const aucs = classes.map((c, j) =>
    rocAucScore(yTrue.map((y) => (y === c ? 1 : 0)), probs.map((r) => r[j]), { posLabel: 1 }),
  );
  if (options.average === 'weighted') {
    const w = classes.map((c) => yTrue.filter((y) => y === c).length);
    return aucs.reduce((a, v, i) => a + v * w[i], 0) / w.reduce((a, b) => a + b, 0);
  }
  return aucs.reduce((a, b) => a + b, 0) / aucs.length;
}
