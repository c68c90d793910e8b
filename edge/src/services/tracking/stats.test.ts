import assert from 'node:assert/strict';
import { test } from 'node:test';
import { feedbackSummary, normalInterval, percentile, wilson } from './stats.ts';

test('wilson interval matches the textbook values and stays inside [0, 1]', () => {
  const [lo, hi] = wilson(8, 10)!;
  assert.ok(Math.abs(lo - 0.4902) < 1e-3 && Math.abs(hi - 0.9433) < 1e-3, `${lo} ${hi}`);
  assert.deepEqual(wilson(0, 0), null);
  const [lo0, hi0] = wilson(0, 5)!;
  assert.equal(lo0, 0);
  assert.ok(hi0 > 0.4 && hi0 < 0.5);
});

test('percentile (nearest rank) and the normal interval', () => {
  assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
  assert.equal(percentile([1, 2, 3, 4], 50), 2);
  assert.equal(percentile([], 50), null);
  const [lo, hi] = normalInterval([1, 2, 3, 4, 5])!;
  assert.ok(Math.abs((lo + hi) / 2 - 3) < 1e-9 && Math.abs(hi - 3 - 1.386) < 1e-3);
});

test('feedback: thumbs use Wilson, scores the normal approximation', () => {
  assert.equal(feedbackSummary([1, 0, 1]).interval, 'wilson');
  assert.equal(feedbackSummary([0.5, 0.7]).interval, 'normal');
  assert.deepEqual(feedbackSummary([]), { count: 0, mean: null, ci95: null, interval: null });
});
