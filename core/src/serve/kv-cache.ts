import { hostTensor, type HostTensor } from '../graph/index.ts';
import type { ModelConfig } from '../weights/index.ts';

/**
 * Keys and values of the running rows, one buffer per layer and kind: [rowCap, KVH, T, D]. Rows 0..rows-1
 * are live and contiguous, so the first n rows are fed to the graph as a zero-copy view; a leaving row is
 * replaced by the last one. T, the window every row attends over, grows by a quarter (so re-layouts are
 * rare) and shrinks when long rows leave: attention reads the whole window each step, so it stays tight.
 * Position p of a row holds its p-th cached token (prefix keys and virtual tokens included).
 */
export class KvCache {
  private bufs: Float32Array[] = []; // 2 per layer: key, value
  private window = 0;
  readonly lengths: number[] = [];

  constructor(
    private readonly config: ModelConfig,
    readonly rowCap: number,
    private readonly minWindow = 16,
  ) {
    this.resize(roundUp(minWindow));
  }

  get rows(): number {
    return this.lengths.length;
  }

  get capacity(): number {
    return this.window;
  }

  private get rowSize(): number {
    return this.config.kvHeads * this.window * this.config.headDim;
  }

  /** Re-lays every buffer out for a new window, keeping each row's cached positions. */
  private resize(window: number): void {
    const { kvHeads: KVH, headDim: D, layers } = this.config;
    const old = this.bufs;
    const oldWindow = this.window;
    this.bufs = Array.from({ length: 2 * layers }, () => new Float32Array(this.rowCap * KVH * window * D));
    const keep = Math.min(oldWindow, window) * D;
    for (let j = 0; j < old.length; j++) {
      for (let rh = 0; rh < this.rows * KVH; rh++) {
        this.bufs[j]!.set(old[j]!.subarray(rh * oldWindow * D, rh * oldWindow * D + keep), rh * window * D);
      }
    }
    this.window = window;
  }

  /** Makes room for every row to reach `tokens` positions. */
  ensure(tokens: number): void {
    if (tokens > this.window) this.resize(roundUp(Math.max(tokens, this.window * 1.25)));
  }

  /** Narrows the window to the longest row (plus growth room) once it would halve. */
  shrink(): void {
    const target = roundUp(Math.max(this.minWindow, 1.25 * (Math.max(0, ...this.lengths) + 1)));
    if (target * 2 <= this.window) this.resize(target);
  }

  /** Appends an empty row; returns its index. */
  addRow(): number {
    if (this.rows >= this.rowCap) throw new Error(`KvCache: all ${this.rowCap} rows are in use`);
    this.lengths.push(0);
    return this.rows - 1;
  }

  /** Drops row r by moving the last row into its place; returns the index that moved (or -1). */
  removeRow(r: number): number {
    const last = this.rows - 1;
    if (r !== last) {
      const n = this.rowSize;
      for (const buf of this.bufs) buf.copyWithin(r * n, last * n, last * n + n);
      this.lengths[r] = this.lengths[last]!;
    }
    this.lengths.pop();
    return r === last ? -1 : last;
  }

  /**
   * Writes `count` positions of row `src` from a graph output [B, KVH, T, D] (the new tokens' keys or
   * values, T = `steps`) into layer/kind plane `j` of cache row `row`, starting at position `at`.
   */
  write(j: number, row: number, at: number, out: Float32Array, src: number, steps: number, count: number, srcOffset = 0): void {
    const { kvHeads: KVH, headDim: D } = this.config;
    const buf = this.bufs[j]!;
    for (let h = 0; h < KVH; h++) {
      const from = ((src * KVH + h) * steps + srcOffset) * D;
      buf.set(out.subarray(from, from + count * D), ((row * KVH + h) * this.window + at) * D);
    }
  }

  /** Layer/kind plane j of rows [first, first+n) as a graph input [n, KVH, window, D], without copying. */
  view(j: number, first: number, n: number): HostTensor {
    const size = this.rowSize;
    const { kvHeads: KVH, headDim: D } = this.config;
    return hostTensor('float32', [n, KVH, this.window, D], this.bufs[j]!.subarray(first * size, (first + n) * size));
  }
}

const roundUp = (n: number) => Math.ceil(n / 16) * 16;
