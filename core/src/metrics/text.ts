// Text helpers that reproduce Python string semantics the reference implementations rely on.

// str.split()/str.strip() whitespace (str.isspace); JS \s differs (lacks \x1c-\x1f and \x85, adds \ufeff).
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPLIT = new RegExp(`[${PY_SPACE}]+`, 'u');
const LEAD = new RegExp(`^[${PY_SPACE}]+`, 'u');
const TRAIL = new RegExp(`[${PY_SPACE}]+$`, 'u');

/** Python's `s.split()`: split on runs of whitespace, dropping empty pieces. */
export function pySplit(s: string): string[] {
  return s.split(SPLIT).filter((t) => t.length > 0);
}

export function pyStrip(s: string): string {
  return pyRstrip(s.replace(LEAD, ''));
}

export function pyRstrip(s: string): string {
  return s.replace(TRAIL, '');
}

/** Counts the n-grams of one order; keys are exact (JSON of the token tuple). */
export function countNgrams(tokens: readonly string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = JSON.stringify(tokens.slice(i, i + n));
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Sum over shared keys of min(count_a, count_b): Python's `(Counter(a) & Counter(b)).total()`. */
export function overlap(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let hits = 0;
  for (const [k, c] of a) {
    const d = b.get(k);
    if (d !== undefined) hits += Math.min(c, d);
  }
  return hits;
}

export function total(counts: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const c of counts.values()) s += c;
  return s;
}
