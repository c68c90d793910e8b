// Runs examples through a TaskForward in fixed-size batches and hands back per-example outputs.
import { hostTensor, type HostTensor } from '../graph/index.ts';
import type { TaskSpec } from '../heads/index.ts';
import { IGNORE, type LmExample, type SequenceExample, type TokenExample } from './encode.ts';
import { padRows, type TaskForward } from './forward.ts';

export interface BatchShape {
  batch: number;
  seq: number;
  pad: number;
}

type Example = SequenceExample | TokenExample | LmExample;

/** The labels input for a batch; rows past the examples (filler) are ignored. */
export function labelsFor(task: TaskSpec, rows: readonly Example[], s: BatchShape): HostTensor {
  if (task.type === 'regression') {
    return hostTensor('float32', [s.batch], Float32Array.from({ length: s.batch }, (_, b) => (rows[b] as SequenceExample | undefined)?.target ?? 0));
  }
  if (task.type === 'sequence-classification') {
    return hostTensor('int64', [s.batch], BigInt64Array.from({ length: s.batch }, (_, b) => BigInt((rows[b] as SequenceExample | undefined)?.target ?? IGNORE)));
  }
  const labels = new BigInt64Array(s.batch * s.seq).fill(BigInt(IGNORE));
  rows.forEach((r, b) => (r as TokenExample | LmExample).labels.forEach((l, t) => (labels[b * s.seq + t] = BigInt(l))));
  return hostTensor('int64', [s.batch, s.seq], labels);
}

/** Calls `take(outputs, row, example)` for every example, in order. */
export async function forEachOutput<E extends Example>(
  fwd: TaskForward, task: TaskSpec, examples: readonly E[], s: BatchShape,
  take: (out: Record<string, HostTensor>, row: number, example: E) => void,
): Promise<void> {
  for (let i = 0; i < examples.length; i += s.batch) {
    const rows = examples.slice(i, i + s.batch);
    const out = await fwd.run({ ...padRows(rows.map((r) => r.ids), s.batch, s.seq, s.pad), labels: labelsFor(task, rows, s) });
    rows.forEach((e, b) => take(out, b, e));
  }
}

/** Logits [N] of each sequence example. */
export async function sequenceLogits(fwd: TaskForward, task: TaskSpec, examples: readonly SequenceExample[], s: BatchShape): Promise<number[][]> {
  const out: number[][] = [];
  await forEachOutput(fwd, task, examples, s, (o, b) => {
    const n = o.logits!.shape[1]!;
    out.push(Array.from(o.logits!.data.subarray(b * n, (b + 1) * n) as Float32Array));
  });
  return out;
}

/** For each token example, the predicted tag index at every labelled position (argmax over tags). */
export async function tokenPredictions(fwd: TaskForward, task: TaskSpec, examples: readonly TokenExample[], s: BatchShape): Promise<{ pred: number[]; logProb: number[] }[]> {
  const out: { pred: number[]; logProb: number[] }[] = [];
  await forEachOutput(fwd, task, examples, s, (o, b, e) => {
    const n = o.logits!.shape[2]!;
    const data = o.logits!.data as Float32Array;
    const pred: number[] = [];
    const logProb: number[] = [];
    e.labels.forEach((l, t) => {
      if (l === IGNORE) return;
      const row = Array.from(data.subarray((b * s.seq + t) * n, (b * s.seq + t + 1) * n));
      pred.push(argmax(row));
      logProb.push(logSoftmax(row)[l]!);
    });
    out.push({ pred, logProb });
  });
  return out;
}

/** For each LM example, the NLL and greedy hit (0/1) of every scored token, in order. */
export async function lmScores(fwd: TaskForward, examples: readonly LmExample[], s: BatchShape): Promise<{ nll: number[]; hit: number[] }[]> {
  const out: { nll: number[]; hit: number[] }[] = [];
  await forEachOutput(fwd, { type: 'causal-lm' }, examples, s, (o, b, e) => {
    const nll: number[] = [];
    const hit: number[] = [];
    // Position t is scored when label t+1 counts (the shift is inside the graph).
    for (let t = 0; t + 1 < e.labels.length; t++) {
      if (e.labels[t + 1] === IGNORE) continue;
      nll.push(Number(o.token_nll!.data[b * s.seq + t]));
      hit.push(Number(o.token_hit!.data[b * s.seq + t]));
    }
    out.push({ nll, hit });
  });
  return out;
}

export function argmax(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

export function logSoftmax(xs: readonly number[]): number[] {
  const m = Math.max(...xs);
  const lse = m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
  return xs.map((x) => x - lse);
}
