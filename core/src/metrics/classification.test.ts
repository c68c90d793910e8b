import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  accuracyScore, f1Score, fbetaScore, perClassPrecisionRecallF, precisionRecallF, precisionScore, recallScore,
} from './classification.ts';
import { assertAllClose, assertClose, loadGolden } from './test-support.ts';

const golden = loadGolden().classification;

describe('classification vs scikit-learn golden', () => {
  it('accuracy', () => assertClose(accuracyScore(golden.y_true, golden.y_pred), golden.accuracy));

  for (const average of ['macro', 'micro', 'weighted'] as const) {
    it(`precision / recall / F1 (${average})`, () => {
      const s = precisionRecallF(golden.y_true, golden.y_pred, { average });
      assertClose(s.precision, golden[`precision_${average}`], {}, 'precision');
      assertClose(s.recall, golden[`recall_${average}`], {}, 'recall');
      assertClose(s.fbeta, golden[`f1_${average}`], {}, 'f1');
      assertClose(f1Score(golden.y_true, golden.y_pred, { average }), golden[`f1_${average}`]);
    });
  }

  it('macro is the plain mean of the per-class scores', () => {
    const per = perClassPrecisionRecallF(golden.y_true, golden.y_pred);
    assert.deepEqual(per.labels, [0, 1, 2, 3]);
    assert.equal(per.support.reduce((a, b) => a + b, 0), golden.y_true.length);
    assertClose(per.fbeta.reduce((a, b) => a + b, 0) / 4, golden.f1_macro);
  });
});

describe('classification by hand', () => {
  // scikit-learn's documented example.
  const yTrue = [0, 1, 2, 0, 1, 2];
  const yPred = [0, 2, 1, 0, 0, 1];

  it('per-class and averaged scores', () => {
    const per = perClassPrecisionRecallF(yTrue, yPred);
    assertAllClose(per.precision, [2 / 3, 0, 0]);
    assertAllClose(per.recall, [1, 0, 0]);
    assertAllClose(per.fbeta, [0.8, 0, 0]);
    assertClose(precisionScore(yTrue, yPred, { average: 'macro' }), 2 / 9);
    assertClose(recallScore(yTrue, yPred, { average: 'macro' }), 1 / 3);
    assertClose(f1Score(yTrue, yPred, { average: 'macro' }), 0.8 / 3);
    assertClose(f1Score(yTrue, yPred, { average: 'micro' }), 1 / 3);
    assertClose(precisionScore(yTrue, yPred, { average: 'weighted' }), 2 / 9);
  });

  it('F-beta weighs recall by beta', () => {
    // class 0: tp 2, support 2, predicted 3 -> F2 = (1+4)·2 / (4·2 + 3) = 10/11
    const per = perClassPrecisionRecallF(yTrue, yPred, { beta: 2 });
    assertClose(per.fbeta[0], 10 / 11);
    assertClose(fbetaScore(yTrue, yPred, { average: 'macro', beta: 2 }), 10 / 33);
  });

  it('zero division: 0 by default, 1 or NaN on request, NaN left out of averages', () => {
    const allZero = [0, 0, 0, 0, 0, 0];
    assertAllClose(perClassPrecisionRecallF(yTrue, allZero).precision, [1 / 3, 0, 0]);
    assertAllClose(perClassPrecisionRecallF(yTrue, allZero, { zeroDivision: 1 }).precision, [1 / 3, 1, 1]);
    const nan = perClassPrecisionRecallF(yTrue, allZero, { zeroDivision: NaN });
    assert.ok(Number.isNaN(nan.precision[1]) && Number.isNaN(nan.precision[2]));
    assertClose(precisionScore(yTrue, allZero, { average: 'macro', zeroDivision: NaN }), 1 / 3);
    // F has tp in its numerator: 0 whenever some true or predicted sample exists.
    assertAllClose(perClassPrecisionRecallF(yTrue, allZero, { zeroDivision: 1 }).fbeta, [0.5, 0, 0]);
    assert.throws(() => precisionScore(yTrue, yPred, { average: 'macro', zeroDivision: 0.5 }), /zeroDivision/);
  });

  it("average 'binary' scores the positive label and refuses multiclass data", () => {
    assertClose(precisionScore([0, 1, 1, 0], [0, 1, 0, 0]), 1);
    assertClose(recallScore([0, 1, 1, 0], [0, 1, 0, 0]), 0.5);
    assertClose(f1Score(['cat', 'dog', 'dog'], ['dog', 'dog', 'cat'], { posLabel: 'dog' }), 0.5);
    assert.throws(() => f1Score(yTrue, yPred), /average 'binary' needs at most 2 classes/);
    assert.throws(() => f1Score(['a', 'b'], ['a', 'b']), /posLabel 1 is not a valid label/);
    // Absent positive class with one class present: all counts are 0.
    assert.equal(precisionScore([0, 0], [0, 0]), 0);
  });

  it('labels select and order the classes; micro then sums only those', () => {
    const per = perClassPrecisionRecallF(yTrue, yPred, { labels: [2, 0, 7] });
    assert.deepEqual(per.labels, [2, 0, 7]);
    assert.deepEqual(per.support, [2, 2, 0]);
    // labels 2 and 0: tp 2, predicted 4, true 4
    assertClose(precisionScore(yTrue, yPred, { average: 'micro', labels: [2, 0] }), 0.5);
  });

  it('accuracy and input checks', () => {
    assert.equal(accuracyScore(yTrue, yPred), 1 / 3);
    assert.equal(accuracyScore(yTrue, yPred, { normalize: false }), 2);
    assert.throws(() => accuracyScore([1, 2], [1]), /different lengths/);
    assert.throws(() => accuracyScore([], []), /empty/);
    assert.throws(() => f1Score([1, 'a'], [1, 'a'], { average: 'macro' }), /mix of numbers and strings/);
  });
});
