// Shared by the metrics tests: the reference fixture and tolerance assertions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

/** /work/shared/fixtures/metrics/golden.json, beside the repository. */
export const GOLDEN_URL = new URL('../../../../shared/fixtures/metrics/golden.json', import.meta.url);

export function loadGolden(): any {
  return JSON.parse(readFileSync(GOLDEN_URL, 'utf8'));
}

/** |actual - expected| within `abs`, or within `rel` of |expected| (default 1e-6 relative). */
export function assertClose(actual: number, expected: number, { rel = 1e-6, abs = 0 } = {}, what = ''): void {
  const diff = Math.abs(actual - expected);
  const ok = diff <= abs || diff <= rel * Math.abs(expected) || (Number.isNaN(actual) && Number.isNaN(expected));
  assert.ok(ok, `${what} expected ${expected}, got ${actual} (|diff| ${diff})`);
}

export function assertAllClose(actual: readonly number[], expected: readonly number[], tol: { rel?: number; abs?: number } = {}, what = ''): void {
  assert.equal(actual.length, expected.length, `${what} length`);
  actual.forEach((a, i) => assertClose(a, expected[i], tol, `${what}[${i}]`));
}
