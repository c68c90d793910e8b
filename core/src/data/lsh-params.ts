// Picks bands × rows for MinHash LSH from a Jaccard threshold, minimizing the weighted areas of
// false positives (below the threshold) and false negatives (above it) of the S-curve
// P(candidate | s) = 1 - (1 - s^r)^b. Same method as datasketch's _optimal_param.

export interface LshParams {
  bands: number;
  rows: number;
}

export function lshParams(threshold: number, numPerm: number, fpWeight = 0.5, fnWeight = 0.5): LshParams {
  if (!(threshold > 0 && threshold < 1)) throw new RangeError('threshold must be in (0, 1)');
  let best: LshParams = { bands: 1, rows: numPerm };
  let bestErr = Infinity;
  for (let b = 1; b <= numPerm; b++) {
    for (let r = 1; b * r <= numPerm; r++) {
      const p = (s: number) => 1 - Math.pow(1 - Math.pow(s, r), b);
      const fp = integrate(p, 0, threshold);
      const fn = integrate((s) => 1 - p(s), threshold, 1);
      const err = fpWeight * fp + fnWeight * fn;
      if (err < bestErr) {
        bestErr = err;
        best = { bands: b, rows: r };
      }
    }
  }
  return best;
}

/** Composite Simpson's rule. */
function integrate(f: (x: number) => number, a: number, b: number, n = 64): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (sum * h) / 3;
}
