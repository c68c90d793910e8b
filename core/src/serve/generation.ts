import { Channel } from './stream.ts';

export interface TokenEvent {
  readonly token: number;
  /** 0-based index among the generated tokens. */
  readonly index: number;
  readonly logprob?: number;
  readonly top?: readonly { token: number; logprob: number }[];
}

export type FinishReason = 'stop' | 'length' | 'cancelled';

export interface GenerationResult {
  readonly tokens: number[];
  readonly finishReason: FinishReason;
  readonly promptTokens: number;
  /** Per generated token, with `logprobs` requested. */
  readonly logprobs?: number[];
}

/**
 * A request in flight: an async iterator of tokens as they are generated, and the final result. Cancel
 * (or break out of the loop) and the engine drops the row before its next step; the result then has
 * finishReason 'cancelled'. Errors (overload while queued, a bad adapter) reject both.
 */
export class Generation implements AsyncIterable<TokenEvent> {
  private readonly channel: Channel<TokenEvent>;
  readonly result: Promise<GenerationResult>;
  private settle!: { resolve: (r: GenerationResult) => void; reject: (e: unknown) => void };
  cancelled = false;
  private onCancel: (() => void) | null = null;

  constructor(readonly id: number) {
    this.channel = new Channel(() => this.cancel());
    this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.result.catch(() => {}); // a reader of only the stream still sees the error there
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.onCancel?.();
  }

  /** The engine's hook: called once when the request is cancelled. */
  whenCancelled(fn: () => void): void {
    this.onCancel = fn;
    if (this.cancelled) fn();
  }

  emit(e: TokenEvent): void {
    this.channel.push(e);
  }

  finish(r: GenerationResult): void {
    this.channel.end();
    this.settle.resolve(r);
  }

  fail(err: unknown): void {
    this.channel.fail(err);
    this.settle.reject(err);
  }

  [Symbol.asyncIterator](): AsyncIterator<TokenEvent> {
    return this.channel[Symbol.asyncIterator]();
  }
}
