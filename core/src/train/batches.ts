// Examples → fixed [batch, seq] int64 batches. Right padding with causal attention needs no mask:
// pad tokens sit after every real token, so no real token attends to them, and their labels are -100.
import { hostTensor } from '../graph/index.ts';
import { hashSeed, mulberry32 } from '../weights/index.ts';
import type { Batch } from './step-runner.ts';
import { IGNORE, type Example } from './examples.ts';

/** Fisher–Yates on a copy, driven by `rand` in [0, 1). */
export function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Rows of at most `seq` tokens; with packing, consecutive examples share a row while they fit. */
export function packRows(examples: readonly Example[], seq: number, packing: boolean): Example[] {
  const rows: Example[] = [];
  let cur: Example | null = null;
  for (const e of examples) {
    if (cur && packing && cur.ids.length + e.ids.length <= seq) {
      cur.ids.push(...e.ids);
      cur.labels.push(...e.labels);
      continue;
    }
    cur = { ids: [...e.ids], labels: [...e.labels] };
    rows.push(cur);
  }
  return rows;
}

export interface PackedBatch {
  batch: Batch;
  /** Real (non-pad) tokens in the batch. */
  tokens: number;
}

/** Rows into one batch; missing rows and row tails are `pad` with label -100. */
export function makeBatch(rows: readonly Example[], batch: number, seq: number, pad: number): PackedBatch {
  const ids = new BigInt64Array(batch * seq).fill(BigInt(pad));
  const labels = new BigInt64Array(batch * seq).fill(BigInt(IGNORE));
  let tokens = 0;
  rows.forEach((r, b) => {
    for (let t = 0; t < r.ids.length; t++) {
      ids[b * seq + t] = BigInt(r.ids[t]!);
      labels[b * seq + t] = BigInt(r.labels[t]!);
    }
    tokens += r.ids.length;
  });
  return { batch: { input_ids: hostTensor('int64', [batch, seq], ids), labels: hostTensor('int64', [batch, seq], labels) }, tokens };
}

export interface StreamState {
  epoch: number;
  /** Rows of this epoch's order already handed out. */
  pos: number;
}

/**
 * Endless batches: each epoch visits every row once, in an order drawn from (seed, epoch) alone, so the
 * stream's whole state is {epoch, pos} and a resumed run sees the same batches. The last batch may be short.
 */
export class BatchStream<R = Example> {
  readonly batchesPerEpoch: number;
  private order: number[];
  private pos = 0;
  epoch = 0;

  constructor(
    private readonly rows: readonly R[],
    private readonly batch: number,
    private readonly seq: number,
    private readonly pad: number,
    private readonly seed: number,
    /** Rows → batch; task heads bring their own (labels per row, attention mask). */
    private readonly make: (rows: readonly R[], batch: number, seq: number, pad: number) => PackedBatch =
      makeBatch as unknown as (rows: readonly R[], batch: number, seq: number, pad: number) => PackedBatch,
  ) {
    if (rows.length === 0) throw new Error('BatchStream: no rows');
    this.batchesPerEpoch = Math.ceil(rows.length / batch);
    this.order = this.orderOf(0);
  }

  private orderOf(epoch: number): number[] {
    return shuffled(this.rows.map((_, i) => i), mulberry32(hashSeed(this.seed, `epoch:${epoch}`)));
  }

  get state(): StreamState {
    return { epoch: this.epoch, pos: this.pos };
  }

  restore(s: StreamState): void {
    this.epoch = s.epoch;
    this.order = this.orderOf(s.epoch);
    this.pos = s.pos;
  }

  next(): PackedBatch & { epoch: number } {
    if (this.pos >= this.order.length) this.restore({ epoch: this.epoch + 1, pos: 0 });
    const take = this.order.slice(this.pos, this.pos + this.batch).map((i) => this.rows[i]!);
    this.pos += take.length;
    return { ...this.make(take, this.batch, this.seq, this.pad), epoch: this.epoch };
  }
}

/** Fixed batches over all rows in order (evaluation): every row once, the last batch padded. */
export function allBatches(rows: readonly Example[], batch: number, seq: number, pad: number): PackedBatch[] {
  const out: PackedBatch[] = [];
  for (let i = 0; i < rows.length; i += batch) out.push(makeBatch(rows.slice(i, i + batch), batch, seq, pad));
  return out;
}
