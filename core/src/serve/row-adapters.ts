import { hostTensor, type HostTensor } from '../graph/index.ts';
import { loraRank, type ServeAdapter } from './adapter.ts';
import { loraA, loraB, scaleBias, scaleIn, scaleOut } from './names.ts';
import type { ServeSite } from './sites.ts';

interface LoraBufs { a: Float32Array; b: Float32Array } // [rowCap, in, R], [rowCap, R, out]
interface ScaleBufs { in: Float32Array; out: Float32Array; bias?: Float32Array } // [rowCap, n]

/**
 * The adapter inputs of a batch, one slice per row: LoRA factors zero-padded to a shared rank R (zeros
 * for rows without LoRA) and scales (identity for rows without). Rows are added and removed like the KV
 * cache's, so decode steps feed views of these buffers without composing anything; a row's slices are
 * written once, when it joins or moves.
 */
export class RowAdapters {
  private readonly list: (ServeAdapter | null)[] = [];
  private rank = 0;
  private lora: Map<string, LoraBufs> | null = null;
  private scales: Map<string, ScaleBufs> | null = null;
  private readonly stale = new Set<number>(); // rows whose slices are not written yet

  constructor(
    private readonly sites: readonly ServeSite[],
    readonly rowCap: number,
    private readonly bias: (site: ServeSite) => Float32Array | undefined,
  ) {}

  /** Each row's adapter. */
  get adapters(): readonly (ServeAdapter | null)[] {
    return this.list;
  }

  get rows(): number {
    return this.list.length;
  }

  /** What the rows need: LoRA inputs and/or scales. */
  get needs(): { lora: boolean; scale: boolean } {
    return { lora: this.list.some((a) => a?.lora), scale: this.list.some((a) => a?.scales) };
  }

  push(adapter: ServeAdapter | null): void {
    if (this.rows >= this.rowCap) throw new Error(`RowAdapters: all ${this.rowCap} rows are in use`);
    this.list.push(adapter);
    this.stale.add(this.rows - 1);
  }

  /** Removes row r; the last row moves into its place, as in the KV cache. */
  remove(r: number): void {
    const last = this.rows - 1;
    if (r !== last) {
      this.list[r] = this.list[last]!;
      this.stale.add(r);
    }
    this.list.pop();
    this.stale.delete(last);
  }

  /**
   * Writes the slices of rows that joined or moved since the last call. The first rows needing a kind of
   * input (or a larger rank) allocate its buffers, which writes every row.
   */
  private flush(): void {
    if (this.stale.size === 0) return;
    let rank = 0;
    let scales = false;
    for (const a of this.list) {
      if (a?.lora) rank = Math.max(rank, loraRank(a));
      if (a?.scales) scales = true;
    }
    const allLora = rank > 0 && (!this.lora || rank > this.rank);
    const allScales = scales && !this.scales;
    if (allLora) this.allocLora(rank);
    if (allScales) this.allocScales();
    for (const r of this.stale) {
      if (this.lora && !allLora) this.writeLora(r, this.list[r]!);
      if (this.scales && !allScales) this.writeScales(r, this.list[r]!);
    }
    this.stale.clear();
  }

  private allocLora(rank: number): void {
    this.rank = rank;
    this.lora = new Map(this.sites.map((s) => [s.path, { a: new Float32Array(this.rowCap * s.inFeatures * rank), b: new Float32Array(this.rowCap * rank * s.outFeatures) }]));
    this.list.forEach((a, r) => this.writeLora(r, a));
  }

  private allocScales(): void {
    this.scales = new Map(this.sites.map((s) => {
      const bias = this.bias(s);
      return [s.path, { in: new Float32Array(this.rowCap * s.inFeatures), out: new Float32Array(this.rowCap * s.outFeatures), ...(bias && { bias: new Float32Array(this.rowCap * s.outFeatures) }) }];
    }));
    this.list.forEach((a, r) => this.writeScales(r, a));
  }

  private writeLora(r: number, adapter: ServeAdapter | null): void {
    const R = this.rank;
    for (const s of this.sites) {
      const buf = this.lora!.get(s.path)!;
      const f = adapter?.lora?.get(s.path);
      const a = buf.a.subarray(r * s.inFeatures * R, (r + 1) * s.inFeatures * R);
      const b = buf.b.subarray(r * R * s.outFeatures, (r + 1) * R * s.outFeatures);
      if (f?.rank === R) { // the factors fill both slices: no zeroing first
        a.set(f.a);
        b.set(f.b);
        continue;
      }
      a.fill(0);
      b.fill(0);
      if (!f) continue;
      for (let i = 0; i < s.inFeatures; i++) a.set(f.a.subarray(i * f.rank, (i + 1) * f.rank), i * R);
      b.set(f.b); // rows k < rank of [R, out]
    }
  }

  private writeScales(r: number, adapter: ServeAdapter | null): void {
    for (const s of this.sites) {
      const buf = this.scales!.get(s.path)!;
      const sc = adapter?.scales?.get(s.path);
      const row = (arr: Float32Array, n: number) => arr.subarray(r * n, (r + 1) * n);
      if (sc?.in) row(buf.in, s.inFeatures).set(sc.in);
      else row(buf.in, s.inFeatures).fill(1);
      if (sc?.out) row(buf.out, s.outFeatures).set(sc.out);
      else row(buf.out, s.outFeatures).fill(1);
      if (buf.bias) row(buf.bias, s.outFeatures).set(sc?.bias ?? this.bias(s)!);
    }
  }

  /** Inputs for rows [0, n): views, no copies. */
  feeds(n = this.rows): Record<string, HostTensor> {
    this.flush();
    const feeds: Record<string, HostTensor> = {};
    const { lora, scale } = this.needs;
    for (const s of this.sites) {
      if (lora) {
        const buf = this.lora!.get(s.path)!;
        feeds[loraA(s.path)] = hostTensor('float32', [n, s.inFeatures, this.rank], buf.a.subarray(0, n * s.inFeatures * this.rank));
        feeds[loraB(s.path)] = hostTensor('float32', [n, this.rank, s.outFeatures], buf.b.subarray(0, n * this.rank * s.outFeatures));
      }
      if (scale) {
        const buf = this.scales!.get(s.path)!;
        feeds[scaleIn(s.path)] = hostTensor('float32', [n, 1, s.inFeatures], buf.in.subarray(0, n * s.inFeatures));
        feeds[scaleOut(s.path)] = hostTensor('float32', [n, 1, s.outFeatures], buf.out.subarray(0, n * s.outFeatures));
        if (buf.bias) feeds[scaleBias(s.path)] = hostTensor('float32', [n, 1, s.outFeatures], buf.bias.subarray(0, n * s.outFeatures));
      }
    }
    return feeds;
  }
}
