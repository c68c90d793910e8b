import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoricalPsi, histogram, jensenShannon, lengthPsi, psi, quantileEdges, unseenTokenRate } from './drift.ts';
import { driftReport } from './drift-report.ts';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('PSI: zero for the same distribution, the textbook value for a known shift, symmetric in its terms', () => {
  close(psi([10, 20, 30], [1, 2, 3]), 0);
  // (0.5 − 0.2)·ln(0.5/0.2) + (0.5 − 0.8)·ln(0.5/0.8)
  close(psi([20, 80], [50, 50]), 0.3 * Math.log(2.5) + -0.3 * Math.log(0.625));
  close(psi([20, 80], [50, 50]), psi([50, 50], [20, 80]));
  assert.throws(() => psi([1], [1, 2]), /bins/);
});

test('histogram bins at baseline quantiles; length PSI sees longer inputs', () => {
  const base = Array.from({ length: 100 }, (_, i) => i % 20);
  const edges = quantileEdges(base);
  assert.deepEqual(histogram(base, edges).reduce((s, c) => s + c, 0), 100);
  assert.ok(lengthPsi(base, base.map((x) => x)) < 1e-12);
  assert.ok(lengthPsi(base, base.map((x) => x + 15)) > 1);
});

test('JSD is 0 for equal and 1 for disjoint token distributions; unseen rate counts new ids', () => {
  const a = new Map([[1, 5], [2, 5]]);
  close(jensenShannon(a, new Map([[1, 1], [2, 1]])), 0);
  close(jensenShannon(a, new Map([[3, 4]])), 1);
  close(unseenTokenRate(a, new Map([[1, 3], [9, 1]])), 0.25);
  close(categoricalPsi(new Map([['pos', 50], ['neg', 50]]), new Map([['pos', 20], ['neg', 80]])), psi([50, 50], [20, 80]));
});

test('the report flags a shifted sample and names why, and leaves an in-distribution one alone', () => {
  let x = 7;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const seqs = (n: number, vocab: [number, number], len: [number, number]) =>
    Array.from({ length: n }, () => Array.from({ length: len[0] + Math.floor(rand() * (len[1] - len[0])) }, () => vocab[0] + Math.floor(rand() * (vocab[1] - vocab[0]))));
  const baseline = { inputs: seqs(200, [0, 50], [5, 15]), meanNll: 2.0, labels: Array.from({ length: 200 }, (_, i) => (i % 2 ? 'pos' : 'neg')) };
  const same = driftReport(baseline, { inputs: seqs(200, [0, 50], [5, 15]), meanNll: 2.05, labels: Array.from({ length: 200 }, (_, i) => (i % 2 ? 'neg' : 'pos')) });
  assert.equal(same.drifting, false, same.reasons.join('; '));
  const shifted = driftReport(baseline, { inputs: seqs(200, [40, 120], [20, 40]), meanNll: 3.1, labels: Array.from({ length: 200 }, (_, i) => (i % 5 ? 'pos' : 'neg')) });
  assert.equal(shifted.drifting, true);
  for (const why of ['perplexity ratio', 'length PSI', 'vocabulary JSD', 'label PSI']) assert.ok(shifted.reasons.some((r) => r.startsWith(why)), why);
  assert.ok(shifted.unseen_token_rate > 0.5);
});
