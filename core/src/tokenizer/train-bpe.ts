// Deterministic BPE merge learning over a small corpus (for generated tokenizers, not real training).
import { byteLevelWords } from './byte-level.ts';

/**
 * Learns up to `maxMerges` merges: repeatedly merges the most frequent adjacent pair (ties by
 * pair text, so results never depend on Map order) until no pair occurs `minCount` times.
 */
export function learnMerges(corpus: string, maxMerges: number, minCount = 2): [string, string][] {
  const counts = new Map<string, number>();
  for (const w of byteLevelWords(corpus)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts].map(([w, n]) => ({ symbols: Array.from(w), n }));
  const merges: [string, string][] = [];
  while (merges.length < maxMerges) {
    const pairs = new Map<string, number>();
    for (const { symbols, n } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]}\u0000${symbols[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + n);
      }
    }
    let best: string | null = null;
    let bestN = minCount - 1;
    for (const [key, n] of pairs) {
      if (n > bestN || (n === bestN && best !== null && key < best)) {
        best = key;
        bestN = n;
      }
    }
    if (best === null) break;
    const [a, b] = best.split('\u0000') as [string, string];
    merges.push([a, b]);
    for (const w of words) w.symbols = mergePair(w.symbols, a, b);
  }
  return merges;
}

function mergePair(symbols: string[], a: string, b: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
      out.push(a + b);
      i++;
    } else out.push(symbols[i]!);
  }
  return out;
}
