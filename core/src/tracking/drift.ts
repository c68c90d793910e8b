// Drift statistics between a baseline (an adapter's evaluation set) and recent production
// traffic: population stability index (PSI) over input lengths and labels, Jensen-Shannon
// divergence of token unigrams, the share of live tokens the baseline never saw, and the
// perplexity ratio. Pure functions over counts, so the edge can keep only sketches of traffic.

/** PSI = Σ (a − e) · ln(a / e) over bins; empty bins get `eps` so a new bin counts, not explodes. */
export function psi(expected: readonly number[], actual: readonly number[], eps = 1e-4): number {
  if (expected.length !== actual.length) throw new Error(`psi: ${expected.length} expected bins vs ${actual.length} actual`);
  const e = normalize(expected, eps);
  const a = normalize(actual, eps);
  return e.reduce((s, ei, i) => s + (a[i]! - ei) * Math.log(a[i]! / ei), 0);
}

function normalize(counts: readonly number[], eps: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total <= 0) throw new Error('drift: a distribution with no observations');
  const p = counts.map((c) => Math.max(c / total, eps));
  const z = p.reduce((s, x) => s + x, 0);
  return p.map((x) => x / z);
}

/** Bin edges at the baseline's deciles (fewer when values repeat), for length PSI. */
export function quantileEdges(values: readonly number[], bins = 10): number[] {
  if (values.length === 0) throw new Error('drift: no baseline values');
  const sorted = [...values].sort((x, y) => x - y);
  const edges = new Set<number>();
  for (let i = 1; i < bins; i++) edges.add(sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / bins))]!);
  return [...edges].sort((x, y) => x - y);
}

/** Counts per bin: bin k holds values v with edges[k-1] < v ≤ edges[k] (the last bin is open). */
export function histogram(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    let k = 0;
    while (k < edges.length && v > edges[k]!) k++;
    counts[k]!++;
  }
  return counts;
}

/** PSI of `live` lengths against `baseline` lengths, binned at the baseline's quantiles. */
export function lengthPsi(baseline: readonly number[], live: readonly number[]): number {
  const edges = quantileEdges(baseline);
  return psi(histogram(baseline, edges), histogram(live, edges));
}

/** PSI between two categorical distributions given as counts by category. */
export function categoricalPsi(baseline: ReadonlyMap<string, number>, live: ReadonlyMap<string, number>): number {
  const keys = [...new Set([...baseline.keys(), ...live.keys()])];
  return psi(keys.map((k) => baseline.get(k) ?? 0), keys.map((k) => live.get(k) ?? 0));
}

/** Jensen-Shannon divergence in bits (0 = same distribution, 1 = disjoint) of token id counts. */
export function jensenShannon(p: ReadonlyMap<number, number>, q: ReadonlyMap<number, number>): number {
  const total = (m: ReadonlyMap<number, number>) => [...m.values()].reduce((s, c) => s + c, 0);
  const tp = total(p);
  const tq = total(q);
  if (tp <= 0 || tq <= 0) throw new Error('drift: a token distribution with no tokens');
  let js = 0;
  for (const id of new Set([...p.keys(), ...q.keys()])) {
    const a = (p.get(id) ?? 0) / tp;
    const b = (q.get(id) ?? 0) / tq;
    const m = (a + b) / 2;
    if (a > 0) js += 0.5 * a * Math.log2(a / m);
    if (b > 0) js += 0.5 * b * Math.log2(b / m);
  }
  return Math.max(0, Math.min(1, js));
}

/** Share of live tokens whose id never occurs in the baseline. */
export function unseenTokenRate(baseline: ReadonlyMap<number, number>, live: ReadonlyMap<number, number>): number {
  let unseen = 0;
  let total = 0;
  for (const [id, c] of live) {
    total += c;
    if (!baseline.has(id)) unseen += c;
  }
  return total === 0 ? 0 : unseen / total;
}

export function tokenCounts(sequences: Iterable<ArrayLike<number>>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const ids of sequences) for (let i = 0; i < ids.length; i++) counts.set(ids[i]!, (counts.get(ids[i]!) ?? 0) + 1);
  return counts;
}
