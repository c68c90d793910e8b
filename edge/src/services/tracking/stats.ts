// Small statistics for the A/B readout: percentiles, means and 95% confidence intervals (Wilson for
// thumbs up/down, the normal approximation for scores).
const Z95 = 1.959963984540054;

export function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Nearest-rank percentile (p in [0, 100]). */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Wilson score interval of `successes` out of `n`. */
export function wilson(successes: number, n: number, z = Z95): [number, number] | null {
  if (n === 0) return null;
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Mean ± z·s/√n (sample standard deviation); null below two observations. */
export function normalInterval(xs: readonly number[], z = Z95): [number, number] | null {
  if (xs.length < 2) return null;
  const m = mean(xs)!;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
  const half = (z * sd) / Math.sqrt(xs.length);
  return [m - half, m + half];
}

/** Feedback summary: thumbs (all 0/1) get a Wilson interval, scores a normal one. */
export function feedbackSummary(xs: readonly number[]): { count: number; mean: number | null; ci95: [number, number] | null; interval: 'wilson' | 'normal' | null } {
  if (xs.length === 0) return { count: 0, mean: null, ci95: null, interval: null };
  const thumbs = xs.every((x) => x === 0 || x === 1);
  return thumbs
    ? { count: xs.length, mean: mean(xs), ci95: wilson(xs.filter((x) => x === 1).length, xs.length), interval: 'wilson' }
    : { count: xs.length, mean: mean(xs), ci95: normalInterval(xs), interval: 'normal' };
}
