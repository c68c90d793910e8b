// Picks bands × rows for MinHash LSH from a Jaccard threshold, minimizing the weighted areas of
// false positives (below the threshold) and false negatives (above it) of the S-curve
// P(candidate | s) = 1 - (1 - s^r)^b. Same method as datasketch's _optimal_param.

export interface LshParams {
  bands: number;
  rows: number;
}

// The search integrates ~700 S-curves (about 15 ms at 128 slots); every pipeline run and
// worker asks again with the same arguments.
const memo = new Map<string, LshParams>();

export function lshParams(threshold: number, numPerm: number, fpWeight = 0.5, fnWeight = 0.5): LshParams {
  if (!(threshold > 0 && threshold < 1)) throw new RangeError('threshold must be in (0, 1)');
  const key = `${threshold},${numPerm},${fpWeight},${fnWeight}`;
  let params = memo.get(key);
  if (!params) memo.set(key, (params = search(threshold, numPerm, fpWeight, fnWeight)));
  return { ...params };
}

function search(threshold: number, numPerm: number, fpWeight: number, fnWeight: number): LshParams {
  let best: LshParams = { bands: 1, rows: numPerm };
  let bestErr = Infinity;
  for (let b = 1; b <= numPerm; b++) {
    for (let r = 1; b * r <= numPerm; r++) {
      const fp = integrate(b, r, 0, threshold, 0);
      const fn = integrate(b, r, threshold, 1, 1);
      const err = fpWeight * fp + fnWeight * fn;
      if (err < bestErr) {
        bestErr = err;
        best = { bands: b, rows: r };
      }
    }
  }
  return best;
}

/**
 * Composite Simpson's rule over [lo, hi] of P(candidate | s), or of 1 - P when complement is 1.
 * A plain loop, not a closure per (b, r): this runs cold, once per process.
 */
function integrate(b: number, r: number, lo: number, hi: number, complement: number, n = 64): number {
  const h = (hi - lo) / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const p = 1 - Math.pow(1 - Math.pow(lo + i * h, r), b);
    sum += (complement ? 1 - p : p) * (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return (sum * h) / 3;
}
