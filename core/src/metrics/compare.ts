// Compares recomputed metrics with a golden file, leaf by leaf, within per-metric tolerances.

export interface Tolerance {
  /** Allowed |actual - expected|. */
  abs?: number;
  /** Allowed |actual - expected| / |expected|. */
  rel?: number;
}

export interface Comparison {
  path: string;
  expected: unknown;
  actual: unknown;
  absDiff: number;
  relDiff: number;
  ok: boolean;
}

/** sacrebleu and ROUGE scores: 1e-4 absolute (torchmetrics ROUGE is float32); everything else 1e-6 relative. */
export function defaultTolerance(path: string): Tolerance {
  return /bleu|chrf|rouge/i.test(path) ? { abs: 1e-4 } : { rel: 1e-6, abs: 1e-12 };
}

/**
 * Walks `actual` (checkGolden's output) and compares every number and string with the value at
 * the same path in `expected`; paths absent from `expected` are not compared.
 */
export function compareToGolden(
  expected: unknown, actual: unknown, tolerance: (path: string) => Tolerance = defaultTolerance,
): Comparison[] {
  const out: Comparison[] = [];
  const walk = (e: unknown, a: unknown, path: string): void => {
    if (typeof a === 'number') {
      const absDiff = typeof e === 'number' ? Math.abs(a - e) : NaN;
      const relDiff = typeof e === 'number' ? (e === 0 ? (a === 0 ? 0 : Infinity) : absDiff / Math.abs(e)) : NaN;
      const t = tolerance(path);
      const ok = typeof e === 'number' && ((t.abs !== undefined && absDiff <= t.abs) || (t.rel !== undefined && relDiff <= t.rel));
      out.push({ path, expected: e, actual: a, absDiff, relDiff, ok });
    } else if (Array.isArray(a)) {
      if (!Array.isArray(e) || e.length !== a.length) {
        out.push({ path, expected: e, actual: a, absDiff: NaN, relDiff: NaN, ok: false });
      } else {
        a.forEach((x, i) => walk(e[i], x, `${path}[${i}]`));
      }
    } else if (typeof a === 'object' && a !== null) {
      const eo = typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : {};
      for (const [k, v] of Object.entries(a)) {
        if (path === '' && k === 'unrecognized') continue;
        if (Object.hasOwn(eo, k)) walk(eo[k], v, path ? `${path}.${k}` : k);
      }
    } else {
      out.push({ path, expected: e, actual: a, absDiff: NaN, relDiff: NaN, ok: e === a });
    }
  };
  walk(expected, actual, '');
  return out;
}
