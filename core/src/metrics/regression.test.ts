import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from './regression.ts';
import { assertClose, loadGolden } from './test-support.ts';

describe('regression vs scikit-learn golden', () => {
  const g = loadGolden().regression;
  it('MAE, MSE, RMSE, R²', () => {
    assertClose(meanAbsoluteError(g.y_true, g.y_pred), g.mae, {}, 'mae');
    assertClose(meanSquaredError(g.y_true, g.y_pred), g.mse, {}, 'mse');
    assertClose(rootMeanSquaredError(g.y_true, g.y_pred), g.rmse, {}, 'rmse');
    assertClose(r2Score(g.y_true, g.y_pred), g.r2, {}, 'r2');
  });
});

describe('regression by hand', () => {
  // scikit-learn's documented example.
  const yTrue = [3, -0.5, 2, 7];
  const yPred = [2.5, 0.0, 2, 8];

  it('documented values', () => {
    assert.equal(meanAbsoluteError(yTrue, yPred), 0.5);
    assert.equal(meanSquaredError(yTrue, yPred), 0.375);
    assertClose(rootMeanSquaredError(yTrue, yPred), Math.sqrt(0.375));
    // SS_res 1.5, mean 2.875, SS_tot 29.1875
    assertClose(r2Score(yTrue, yPred), 1 - 1.5 / 29.1875);
  });

  it('R² edge cases follow scikit-learn (force_finite)', () => {
    assert.equal(r2Score([2, 2, 2], [2, 2, 2]), 1);
    assert.equal(r2Score([2, 2, 2], [2, 3, 2]), 0);
    assert.ok(Number.isNaN(r2Score([1], [2])));
    assert.ok(r2Score([1, 2, 3], [3, 2, 1]) < 0);
  });

  it('input checks', () => {
    assert.throws(() => meanAbsoluteError([1, 2], [1]), /different lengths/);
    assert.throws(() => meanSquaredError([], []), /empty/);
    assert.throws(() => r2Score([1, Infinity], [1, 2]), /not a finite number/);
  });
});
