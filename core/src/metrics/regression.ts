// Regression errors as scikit-learn 1.9 defines them (single output, no sample weights).
import { assertFinite, assertNonEmpty, assertSameLength, mean } from './validate.ts';

function residuals(what: string, yTrue: readonly number[], yPred: readonly number[]): number[] {
  assertSameLength(what, yTrue, yPred);
  assertNonEmpty(what, yTrue);
  assertFinite(`${what} yTrue`, yTrue);
  assertFinite(`${what} yPred`, yPred);
  return yTrue.map((t, i) => t - yPred[i]);
}

export function meanAbsoluteError(yTrue: readonly number[], yPred: readonly number[]): number {
  return mean(residuals('meanAbsoluteError', yTrue, yPred).map(Math.abs));
}

export function meanSquaredError(yTrue: readonly number[], yPred: readonly number[]): number {
  return mean(residuals('meanSquaredError', yTrue, yPred).map((r) => r * r));
}

export function rootMeanSquaredError(yTrue: readonly number[], yPred: readonly number[]): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred));
}

/**
 * Coefficient of determination 1 - SS_res / SS_tot. Like sklearn (force_finite=True), a constant yTrue
 * scores 1 for a perfect fit and 0 otherwise, and fewer than two samples give NaN.
 */
export function r2Score(yTrue: readonly number[], yPred: readonly number[]): number {
  const r = residuals('r2Score', yTrue, yPred);
  if (yTrue.length < 2) return NaN;
  const m = mean(yTrue);
  const ssRes = r.reduce((a, v) => a + v * v, 0);
  const ssTot = yTrue.reduce((a, v) => a + (v - m) * (v - m), 0);
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
