import { Rng } from '../weights/index.ts';
import { applyRepetitionPenalty, argmaxOf, logSumExp, sortedIndices, topKIndices } from './logits-process.ts';
import type { SamplingParams } from './sampling-params.ts';

export interface Sampled {
  readonly token: number;
  /** Log-probability under the raw model distribution, with `logprobs` set. */
  readonly logprob?: number;
  readonly top?: readonly { token: number; logprob: number }[];
}

/**
 * One request's sampling, in transformers' order: repetition penalty, then greedy (temperature 0) or
 * temperature, top-k, top-p and a draw from the request's own seeded stream.
 */
export class Sampler {
  private readonly rng: Rng;
  private readonly seen = new Set<number>();

  constructor(private readonly p: SamplingParams, prompt: readonly number[]) {
    this.rng = new Rng(p.seed ?? Math.floor(Math.random() * 2 ** 32));
    for (const t of prompt) this.seen.add(t);
  }

  /** Picks the next token from raw logits [V] (left unchanged). */
  sample(raw: Float32Array): Sampled {
    const l = Float32Array.from(raw);
    applyRepetitionPenalty(l, this.seen, this.p.repetitionPenalty);
    const token = this.p.temperature === 0 ? argmaxOf(l) : this.draw(l);
    this.seen.add(token);
    if (this.p.logprobs === undefined) return { token };
    const lse = logSumExp(raw);
    const top = this.p.logprobs > 0 ? topKIndices(raw, this.p.logprobs).map((t) => ({ token: t, logprob: raw[t]! - lse })) : undefined;
    return { token, logprob: raw[token]! - lse, ...(top && { top }) };
  }

  private draw(l: Float32Array): number {
    const { temperature, topK, topP } = this.p;
    for (let i = 0; i < l.length; i++) l[i]! /= temperature;
    let cand: number[] | undefined = topK > 0 && topK < l.length ? topKIndices(l, topK) : undefined;
    if (topP < 1) {
      cand ??= sortedIndices(l);
      const lse = logSumExp(l, cand);
      let mass = 0;
      let keep = 0;
      while (keep < cand.length && mass < topP) mass += Math.exp(l[cand[keep++]!]! - lse);
      cand = cand.slice(0, Math.max(keep, 1));
    }
    const lse = logSumExp(l, cand);
    let u = this.rng.uniform();
    const n = cand ? cand.length : l.length;
    for (let j = 0; j < n; j++) {
      const t = cand ? cand[j]! : j;
      u -= Math.exp(l[t]! - lse);
      if (u < 0) return t;
    }
    return cand ? cand[n - 1]! : argmaxOf(l); // rounding left a sliver of mass
  }
}
