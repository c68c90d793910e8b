import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rocAucOvr, rocAucScore, rocCurve, trapezoidArea } from './auc.ts';
import { assertAllClose, assertClose, loadGolden } from './test-support.ts';

/** Mann-Whitney form of AUC (ties count half): an independent cross-check of the trapezoid path. */
function pairwiseAuc(y: readonly number[], s: readonly number[]): number {
  let wins = 0;
  let pairs = 0;
  y.forEach((yi, i) => {
    if (yi !== 1) return;
    y.forEach((yj, j) => {
      if (yj !== 0) return;
      pairs++;
      wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('ROC AUC vs scikit-learn golden', () => {
  const golden = loadGolden();

  it('binary', () => {
    const { y_true, y_score, roc_auc } = golden.binary;
    assertClose(rocAucScore(y_true, y_score), roc_auc);
    assertClose(pairwiseAuc(y_true, y_score), roc_auc);
  });

  it('one-vs-rest macro', () => {
    const { y_true, probs, roc_auc_ovr_macro } = golden.multiclass_auc;
    assertClose(rocAucOvr(y_true, probs), roc_auc_ovr_macro);
  });
});

describe('ROC AUC by hand', () => {
  it("reproduces scikit-learn's documented roc_curve", () => {
    const c = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    assert.deepEqual(c.fpr, [0, 0, 0.5, 0.5, 1]);
    assert.deepEqual(c.tpr, [0, 0.5, 0.5, 1, 1]);
    assert.deepEqual(c.thresholds, [Infinity, 0.8, 0.4, 0.35, 0.1]);
    assert.equal(rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  });

  it('ties between classes count half through the trapezoid', () => {
    assert.equal(rocAucScore([0, 1], [0.5, 0.5]), 0.5);
    assert.equal(rocAucScore([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]), 0.875);
    assert.equal(rocAucScore([1, 1, 0, 0], [0.3, 0.3, 0.3, 0.3]), 0.5);
  });

  it('dropping collinear points keeps the area', () => {
    const y = [0, 1, 0, 1, 1, 0, 1, 0];
    const s = [0.1, 0.9, 0.4, 0.8, 0.8, 0.3, 0.35, 0.35];
    const full = rocCurve(y, s, { dropIntermediate: false });
    const dropped = rocCurve(y, s);
    assert.ok(dropped.fpr.length <= full.fpr.length);
    assertClose(trapezoidArea(dropped.fpr, dropped.tpr), trapezoidArea(full.fpr, full.tpr), { abs: 1e-15 });
    assertClose(rocAucScore(y, s), pairwiseAuc(y, s), { abs: 1e-15 });
  });

  it('the larger label is positive unless posLabel says otherwise', () => {
    assert.equal(rocAucScore(['no', 'yes'], [0.2, 0.7]), 1); // 'yes' sorts after 'no'
    assert.equal(rocAucScore(['no', 'yes'], [0.2, 0.7], { posLabel: 'no' }), 0);
    assert.equal(rocAucScore([-1, 1, 1], [0.1, 0.2, 0.3]), 1);
  });

  it('refuses a single class, more than two classes and non-finite scores', () => {
    assert.throws(() => rocAucScore([1, 1, 1], [0.1, 0.2, 0.3]), /only one class \(1\) is present in yTrue; ROC AUC is undefined/);
    assert.throws(() => rocAucScore([0, 1, 2], [0.1, 0.2, 0.3]), /use rocAucOvr/);
    assert.throws(() => rocAucScore([0, 1], [0.1, NaN]), /not a finite number/);
    assert.throws(() => rocAucScore([0, 1], [0.1]), /different lengths/);
  });

  it('one-vs-rest: perfect, weighted, and probability checks', () => {
    const y = [0, 1, 2, 2];
    const probs = [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.2, 0.2, 0.6]];
    assert.equal(rocAucOvr(y, probs), 1);
    // class 0 column: negatives {0.1, 0.1, 0.2} vs positive 0.8 -> 1; swap two rows' class-2 scores to lose one pair.
    const worse = [[0.1, 0.1, 0.8], [0.1, 0.8, 0.1], [0.8, 0.1, 0.1], [0.2, 0.2, 0.6]];
    const perClass = [0, 1, 2].map((c) => pairwiseAuc(y.map((v) => (v === c ? 1 : 0)), worse.map((r) => r[c])));
    assertClose(rocAucOvr(y, worse), perClass.reduce((a, b) => a + b, 0) / 3);
    assertClose(rocAucOvr(y, worse, { average: 'weighted' }), (perClass[0] + perClass[1] + 2 * perClass[2]) / 4);
    assert.throws(() => rocAucOvr(y, probs.map((r) => r.map((v) => v * 2))), /sum to 1/);
    assert.throws(() => rocAucOvr(y, probs.map((r) => r.slice(0, 2))), /2 scores but there are 3 classes/);
    assert.throws(() => rocAucOvr([0, 1, 3, 3], probs, { labels: [0, 1, 2] }), /not in labels/);
  });

  it('trapezoidArea handles decreasing x and rejects non-monotonic x', () => {
    assert.equal(trapezoidArea([1, 0], [1, 1]), 1);
    assertAllClose([trapezoidArea([0, 0.5, 1], [0, 1, 1])], [0.75]);
    assert.throws(() => trapezoidArea([0, 1, 0.5], [0, 1, 1]), /neither increasing nor decreasing/);
  });
});
