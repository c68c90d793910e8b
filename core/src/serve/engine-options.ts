import type { RunOptions } from '../graph/index.ts';
import type { ServeAdapter } from './adapter.ts';
import type { Detokenize } from './stop.ts';

/** Where the engine gets adapters by id; acquire pins one until the matching release. */
export interface AdapterSource {
  acquire(id: string): Promise<ServeAdapter>;
  release(adapter: ServeAdapter): void;
}

export interface EngineOptions extends RunOptions {
  /** Rows decoded together at most (default 32). */
  readonly maxBatch?: number;
  /** Cache positions reserved by running requests at most (prompt + max tokens each); default maxBatch × context. */
  readonly maxTokensInFlight?: number;
  /** Requests waiting for a row at most; past it `generate` throws 'overloaded' (default 256). */
  readonly maxQueue?: number;
  /** Padded prompt tokens per prefill call at most (default 8192). */
  readonly maxPrefillTokens?: number;
  readonly adapters?: AdapterSource;
  /** Merged mode: this adapter id is folded into the base weights; only its requests are served. */
  readonly merged?: string;
  /** For string stop sequences. */
  readonly detokenize?: Detokenize;
  readonly minWindow?: number;
}

export interface EngineStats {
  readonly running: number;
  readonly queued: number;
  readonly positionsInFlight: number;
  readonly steps: number;
  readonly prefills: number;
  readonly generatedTokens: number;
  /** Tokens produced by decode steps, and the time spent in them and in prefills (ms). */
  readonly decodeTokens: number;
  readonly decodeMs: number;
  readonly prefillMs: number;
}
