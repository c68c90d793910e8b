import { Generation } from './generation.ts';
import { ServeError } from './errors.ts';
import type { AdapterSource, EngineOptions, EngineStats } from './engine-options.ts';
import type { BaseForServing } from './prepare.ts';
import { RunningBatch } from './running-batch.ts';
import { ServeRunner } from './runner.ts';
import { SamplingParams, type SamplingInput } from './sampling-params.ts';
import { Sequence } from './sequence.ts';

export interface GenerateRequest {
  readonly prompt: readonly number[];
  /** Adapter id (content hash) for the engine's adapter source; absent or null: the base model. */
  readonly adapter?: string | null;
  readonly sampling?: SamplingInput;
  readonly signal?: AbortSignal;
}

/**
 * Continuous batching over one base model: requests join between decode steps (prefilled together),
 * every running row advances one token per step whatever its adapter, and finished or cancelled rows
 * leave at once. A bounded queue sheds load with 'overloaded' instead of growing without end.
 */
export class ServeEngine {
  readonly runner: ServeRunner;
  private readonly queue: Sequence[] = [];
  private readonly batch: RunningBatch;
  private readonly limits: { batch: number; inFlight: number; queue: number; prefill: number };
  private readonly adapters?: AdapterSource;
  private nextId = 1;
  private wake: (() => void) | null = null;
  private loop: Promise<void> = Promise.resolve();
  private looping = false;
  private closed = false;

  constructor(readonly base: BaseForServing, readonly opts: EngineOptions = {}) {
    const batch = opts.maxBatch ?? 32;
    this.limits = { batch, inFlight: opts.maxTokensInFlight ?? batch * base.config.maxPositions, queue: opts.maxQueue ?? 256, prefill: opts.maxPrefillTokens ?? 8192 };
    this.runner = new ServeRunner(base, { ...opts, maxRows: batch });
    this.batch = new RunningBatch(this.runner, new Set(base.config.eosTokenIds), (seq) => this.unpin(seq));
    this.adapters = opts.adapters;
  }

  /** Starts a request. Throws ServeError at once when it is invalid, the queue is full or the engine closed. */
  generate(req: GenerateRequest): Generation {
    if (this.closed) throw new ServeError('closed', 'the engine is shut down');
    const parsed = SamplingParams.safeParse(req.sampling ?? {});
    if (!parsed.success) throw new ServeError('invalid_request', `sampling: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const V = this.base.config.vocabSize;
    if (req.prompt.length === 0 || req.prompt.some((t) => !Number.isInteger(t) || t < 0 || t >= V)) throw new ServeError('invalid_request', `prompt: need at least one token id in [0, ${V})`);
    if (this.queue.length >= this.limits.queue) throw new ServeError('overloaded', `overloaded: ${this.queue.length} requests already wait for a row; retry later`);
    const adapterId = this.routeAdapter(req.adapter ?? null);
    const gen = new Generation(this.nextId++);
    const seq = new Sequence(gen, [...req.prompt], parsed.data, adapterId, this.opts.detokenize);
    this.queue.push(seq);
    if (adapterId === null) this.markReady(seq);
    else {
      this.adapters!.acquire(adapterId).then((a) => {
        seq.adapter = a;
        seq.pinned = true;
        this.markReady(seq);
      }, (err) => this.drop(seq, err));
    }
    gen.whenCancelled(() => this.cancelQueued(seq));
    req.signal?.addEventListener('abort', () => gen.cancel(), { once: true });
    if (req.signal?.aborted) gen.cancel();
    this.kick();
    return gen;
  }

  /** Merged mode serves its adapter as the base; otherwise ids go to the adapter source. */
  private routeAdapter(id: string | null): string | null {
    if (this.opts.merged !== undefined) {
      if (id !== this.opts.merged) throw new ServeError('invalid_request', `this engine serves adapter '${this.opts.merged}' merged; it cannot serve ${id === null ? 'the base model' : `'${id}'`}`);
      return null;
    }
    if (id !== null && !this.adapters) throw new ServeError('invalid_request', 'this engine has no adapter source');
    return id;
  }

  private markReady(seq: Sequence): void {
    if (!this.queue.includes(seq)) {
      this.unpin(seq); // cancelled while its adapter loaded
      return;
    }
    if (seq.positions > this.base.config.maxPositions || seq.positions > this.limits.inFlight) {
      const limit = Math.min(this.base.config.maxPositions, this.limits.inFlight);
      return this.drop(seq, new ServeError('too_long', `prompt, adapter tokens and max tokens need ${seq.positions} positions; the limit is ${limit}`));
    }
    seq.ready = true;
    this.kick();
  }

  private drop(seq: Sequence, err: unknown): void {
    const i = this.queue.indexOf(seq);
    if (i >= 0) this.queue.splice(i, 1);
    this.unpin(seq);
    seq.gen.fail(err);
  }

  private cancelQueued(seq: Sequence): void {
    const i = this.queue.indexOf(seq);
    if (i < 0) return; // running: the loop drops it before the next step
    this.queue.splice(i, 1);
    this.unpin(seq);
    seq.finish('cancelled');
  }

  /** Lets the adapter source evict the adapter again (once per request). */
  private unpin(seq: Sequence): void {
    if (!seq.pinned) return;
    seq.pinned = false;
    this.adapters!.release(seq.adapter!);
  }

  private kick(): void {
    this.wake?.();
    this.wake = null;
    if (this.looping || this.closed) return;
    this.looping = true;
    this.loop = this.run().catch((err) => {
      for (const seq of [...this.batch.rows, ...this.queue.splice(0)]) seq.gen.fail(err); // a bug, not a request's fault
    });
  }

  /** The batching loop: runs while there is work, sleeps while only adapters are loading. */
  private async run(): Promise<void> {
    const { batch } = this;
    try {
      while (!this.closed) {
        batch.reap();
        const admitted = this.admit();
        if (admitted.length > 0) await this.guard(admitted, () => batch.prefill(admitted));
        batch.reap();
        if (batch.rows.length > 0) await this.guard(batch.rows, () => batch.decode());
        else if (!this.queue.some((s) => s.ready)) {
          if (this.queue.length === 0) break;
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
        await new Promise((resolve) => setImmediate(resolve)); // let requests arrive and cancel between steps
      }
    } finally {
      this.looping = false;
    }
  }

  private async guard(seqs: readonly Sequence[], fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.batch.fail(seqs, err);
    }
  }

  /** Ready requests in arrival order, while rows, reserved positions and the prefill budget allow. */
  private admit(): Sequence[] {
    const out: Sequence[] = [];
    let longest = 0;
    let positions = this.batch.positions;
    for (const seq of this.queue) {
      if (!seq.ready) continue; // still loading its adapter: others may pass it
      const len = seq.positions - seq.params.maxTokens;
      const fits = this.batch.rows.length + out.length < this.limits.batch && positions + seq.positions <= this.limits.inFlight;
      if (!fits || (out.length > 0 && Math.max(longest, len) * (out.length + 1) > this.limits.prefill)) break;
      out.push(seq);
      longest = Math.max(longest, len);
      positions += seq.positions;
    }
    for (const seq of out) this.queue.splice(this.queue.indexOf(seq), 1);
    this.batch.reserve(out);
    return out;
  }

  /** Stops taking requests, fails those waiting, cancels those running, and frees the sessions. */
  async close(): Promise<void> {
    this.closed = true;
    for (const seq of this.queue.splice(0)) {
      this.unpin(seq);
      seq.gen.fail(new ServeError('closed', 'the engine shut down before this request ran'));
    }
    this.wake?.();
    await this.loop;
    for (const seq of [...this.batch.rows]) {
      this.batch.leave(seq);
      seq.finish('cancelled');
    }
    await this.runner.release();
  }

  stats(): EngineStats {
    return { running: this.batch.rows.length, queued: this.queue.length, positionsInFlight: this.batch.positions, ...this.batch.counters };
  }
}
