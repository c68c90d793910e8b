import type { ServeAdapter } from './adapter.ts';
import type { FinishReason, Generation } from './generation.ts';
import type { Sampled } from './sampler.ts';
import { Sampler } from './sampler.ts';
import type { SamplingParams } from './sampling-params.ts';
import { StopMatcher, type Detokenize } from './stop.ts';

/** One request inside the engine: its adapter, sampling state and the tokens it has produced. */
export class Sequence {
  adapter: ServeAdapter | null = null;
  /** Whether it holds a pin on its adapter in the adapter source. */
  pinned = false;
  ready = false;
  /** Its KV-cache row while running, else -1. */
  row = -1;
  /** The token to feed at the next decode step. */
  last = -1;
  private readonly sampler: Sampler;
  private readonly stop: StopMatcher;
  private readonly pending: Sampled[] = []; // sampled but held back by the stop matcher
  private readonly emitted: number[] = [];
  private readonly logprobs: number[] = [];
  private generated = 0;

  constructor(
    readonly gen: Generation,
    readonly prompt: readonly number[],
    readonly params: SamplingParams,
    readonly adapterId: string | null,
    detokenize?: Detokenize,
  ) {
    this.sampler = new Sampler(params, prompt);
    const ids = params.stop.filter((s): s is number[] => Array.isArray(s));
    const strings = params.stop.filter((s): s is string => typeof s === 'string');
    this.stop = new StopMatcher(ids, strings, detokenize);
  }

  /** Cache positions this request may use: adapter prefix or virtual tokens, prompt and new tokens. */
  get positions(): number {
    return (this.adapter?.prefix?.tokens ?? 0) + (this.adapter?.prompt?.tokens ?? 0) + this.prompt.length + this.params.maxTokens;
  }

  /** Samples from logits [V]; streams what is safe; returns the finish reason once done. */
  step(logits: Float32Array, eos: ReadonlySet<number>): FinishReason | null {
    const s = this.sampler.sample(logits);
    this.last = s.token;
    this.generated++;
    if (!this.params.ignoreEos && eos.has(s.token)) return this.end('stop', this.stop.flush());
    this.pending.push(s);
    const r = this.stop.push(s.token);
    this.release(r.release.length);
    if (r.stopped) return this.end('stop', []);
    if (this.generated >= this.params.maxTokens) return this.end('length', this.stop.flush());
    return null;
  }

  private release(n: number): void {
    for (const s of this.pending.splice(0, n)) {
      this.gen.emit({ token: s.token, index: this.emitted.length, ...(s.logprob !== undefined && { logprob: s.logprob }), ...(s.top && { top: s.top }) });
      this.emitted.push(s.token);
      if (s.logprob !== undefined) this.logprobs.push(s.logprob);
    }
  }

  private end(reason: FinishReason, flushed: number[]): FinishReason {
    this.release(flushed.length);
    this.finish(reason);
    return reason;
  }

  /** Resolves the generation with what was streamed. */
  finish(reason: FinishReason): void {
    this.gen.finish({
      tokens: [...this.emitted], finishReason: reason, promptTokens: this.prompt.length,
      ...(this.params.logprobs !== undefined && { logprobs: [...this.logprobs] }),
    });
  }
}
