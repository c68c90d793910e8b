// Token-level accuracy and seqeval-style (v1.2, default non-strict mode) entity precision / recall / F1.
import type { Label } from './labels.ts';
import { assertNonEmpty, assertSameLength } from './validate.ts';

/** Fraction of positions where the tags agree; positions whose true tag is `ignoreLabel` (e.g. -100) are skipped. */
export function tokenAccuracy(
  yTrue: readonly (readonly Label[])[], yPred: readonly (readonly Label[])[], { ignoreLabel }: { ignoreLabel?: Label } = {},
): number {
  assertSameLength('tokenAccuracy', yTrue, yPred);
  let hits = 0;
  let count = 0;
  yTrue.forEach((seq, s) => {
    assertSameLength(`tokenAccuracy sequence ${s}`, seq, yPred[s]);
    seq.forEach((t, i) => {
      if (ignoreLabel !== undefined && t === ignoreLabel) return;
      count++;
      if (t === yPred[s][i]) hits++;
    });
  });
  if (count === 0) throw new RangeError('tokenAccuracy: no tokens to score');
  return hits / count;
}

export interface Entity {
  type: string;
  /** First token, in the flattened sequence (sentences joined with an 'O' between, as seqeval does). */
  start: number;
  /** Last token, inclusive. */
  end: number;
}

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === 'E' || prevTag === 'S') return true;
  if ((prevTag === 'B' || prevTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return prevTag !== 'O' && prevTag !== '.' && prevType !== type;
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prevTag === 'E' || prevTag === 'S' || prevTag === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && tag !== '.' && prevType !== type;
}

/**
 * Entity spans of IOB1/IOB2/IOE/IOBES tags (seqeval get_entities, prefix tags like 'B-PER').
 * As in seqeval, an I- tag after O or after another type opens a new entity.
 */
export function getEntities(seq: readonly string[] | readonly (readonly string[])[]): Entity[] {
  const flat: string[] = seq.some((s) => Array.isArray(s))
    ? (seq as readonly (readonly string[])[]).flatMap((s) => [...s, 'O'])
    : [...(seq as readonly string[])];
  const chunks: Entity[] = [];
  let prevTag = 'O';
  let prevType = '';
  let begin = 0;
  [...flat, 'O'].forEach((chunk, i) => {
    const tag = chunk[0] ?? 'O';
    const rest = chunk.slice(1);
    const dash = rest.indexOf('-');
    const type = (dash >= 0 ? rest.slice(dash + 1) : rest) || '_';
    if (endOfChunk(prevTag, tag, prevType, type)) chunks.push({ type: prevType, start: begin, end: i - 1 });
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  });
  return chunks;
}

export interface EntityScoreOptions {
  /** 'micro' (seqeval's default), 'macro' or 'weighted' over entity types. */
  average?: 'micro' | 'macro' | 'weighted';
  /** Value for 0/0 precision or recall: 'warn' (default) and 0 give 0, or 1. */
  zeroDivision?: 'warn' | 0 | 1;
}

export interface TypeScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EntityScores extends TypeScores {
  /** Scores per entity type, types sorted. */
  perType: Record<string, TypeScores>;
}

/** Exact-span entity precision / recall / F1 over sentences of tags, like seqeval's default (non-strict) mode. */
export function entityScores(
  yTrue: readonly (readonly string[])[], yPred: readonly (readonly string[])[], options: EntityScoreOptions = {},
): EntityScores {
  assertSameLength('entityScores', yTrue, yPred);
  yTrue.forEach((s, i) => assertSameLength(`entityScores sentence ${i}`, s, yPred[i]));
  const byType = (seq: readonly (readonly string[])[]) => {
    const m = new Map<string, Set<string>>();
    for (const e of getEntities(seq)) {
      if (!m.has(e.type)) m.set(e.type, new Set());
      m.get(e.type)!.add(`${e.start}:${e.end}`);
    }
    return m;
  };
  const gold = byType(yTrue);
  const pred = byType(yPred);
  const types = [...new Set([...gold.keys(), ...pred.keys()])].sort();
  const tp = types.map((t) => [...(pred.get(t) ?? [])].filter((span) => gold.get(t)?.has(span)).length);
  const predSum = types.map((t) => pred.get(t)?.size ?? 0);
  const trueSum = types.map((t) => gold.get(t)?.size ?? 0);
  const zero = options.zeroDivision === 1 ? 1 : 0;
  const score = (t: number, p: number, g: number): TypeScores => {
    const precision = p === 0 ? zero : t / p;
    const recall = g === 0 ? zero : t / g;
    // seqeval derives F from precision and recall (a 0 denominator gives 0).
    const denom = precision + recall;
    return { precision, recall, f1: denom === 0 ? 0 : (2 * precision * recall) / denom, support: g };
  };
  const per = types.map((t, i) => score(tp[i], predSum[i], trueSum[i]));
  const perType = Object.fromEntries(types.map((t, i) => [t, per[i]]));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const support = sum(trueSum);
  const average = options.average ?? 'micro';
  if (average === 'micro') return { ...score(sum(tp), sum(predSum), support), support, perType };
  if (average === 'weighted' && support === 0) {
    // seqeval's special case: nothing to weight by.
    const none = sum(predSum) === 0 ? zero : 0;
    return { precision: none, recall: zero, f1: none, support, perType };
  }
  const w = average === 'weighted' ? trueSum : trueSum.map(() => 1);
  const avg = (k: 'precision' | 'recall' | 'f1') => sum(per.map((s, i) => s[k] * w[i])) / sum(w);
  return { precision: avg('precision'), recall: avg('recall'), f1: avg('f1'), support, perType };
}

/** Micro-averaged entity F1 (seqeval f1_score defaults). */
export function entityF1(yTrue: readonly (readonly string[])[], yPred: readonly (readonly string[])[]): number {
  return entityScores(yTrue, yPred).f1;
}
