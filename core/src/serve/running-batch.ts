import type { ServeRunner } from './runner.ts';
import type { Sequence } from './sequence.ts';

/**
 * The rows being decoded: requests in KV-cache row order, with the positions they reserved. Prefill adds
 * rows, each decode step samples every row, and a finished or cancelled row leaves at once (the last row
 * takes its index, in the cache as here).
 */
export class RunningBatch {
  readonly rows: Sequence[] = []; // index = KV-cache row
  positions = 0;
  readonly counters = { steps: 0, prefills: 0, generatedTokens: 0, decodeTokens: 0, decodeMs: 0, prefillMs: 0 };

  constructor(
    private readonly runner: ServeRunner,
    private readonly eos: ReadonlySet<number>,
    /** Called once per request that leaves (to unpin its adapter). */
    private readonly onLeave: (seq: Sequence) => void,
  ) {}

  reserve(seqs: readonly Sequence[]): void {
    for (const s of seqs) this.positions += s.positions;
  }

  async prefill(seqs: Sequence[]): Promise<void> {
    const t0 = performance.now();
    const logits = await this.runner.prefill(seqs.map((s) => ({ adapter: s.adapter, ids: s.prompt })));
    this.counters.prefillMs += performance.now() - t0;
    this.counters.prefills++;
    seqs.forEach((seq, i) => {
      seq.row = this.rows.length;
      this.rows.push(seq);
      this.advance(seq, logits[i]!);
    });
  }

  async decode(): Promise<void> {
    const V = this.runner.base.config.vocabSize;
    const t0 = performance.now();
    const logits = await this.runner.decode(this.rows.map((s) => s.last));
    this.counters.decodeMs += performance.now() - t0;
    this.counters.decodeTokens += this.rows.length;
    this.counters.steps++;
    // rows move as finished ones leave, so read each row's logits by its index at this step
    [...this.rows].forEach((seq, r) => this.advance(seq, logits.subarray(r * V, (r + 1) * V)));
  }

  /** Samples a row's next token; a finished row leaves. A cancelled one waits for `reap`. */
  private advance(seq: Sequence, logits: Float32Array): void {
    if (seq.gen.cancelled) return;
    this.counters.generatedTokens++;
    if (seq.step(logits, this.eos) !== null) this.leave(seq);
  }

  leave(seq: Sequence): void {
    const moved = this.runner.remove(seq.row);
    if (moved >= 0) {
      this.rows[seq.row] = this.rows[moved]!;
      this.rows[seq.row]!.row = seq.row;
    }
    this.rows.pop();
    seq.row = -1;
    this.positions -= seq.positions;
    this.onLeave(seq);
  }

  /** Drops cancelled rows before the next step. */
  reap(): void {
    for (const seq of this.rows.filter((s) => s.gen.cancelled)) {
      this.leave(seq);
      seq.finish('cancelled');
    }
  }

  /** A failed graph run fails the requests it carried (running or being admitted), not the engine. */
  fail(seqs: readonly Sequence[], err: unknown): void {
    for (const seq of [...seqs]) {
      if (seq.row >= 0) this.leave(seq);
      else {
        this.positions -= seq.positions;
        this.onLeave(seq);
      }
      seq.gen.fail(err);
    }
  }
}
