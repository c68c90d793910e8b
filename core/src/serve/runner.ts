import type { HostTensor, RunOptions } from '../graph/index.ts';
import { toFloat32 } from '../weights/index.ts';
import type { ServeAdapter } from './adapter.ts';
import { GroupedLora } from './grouped-lora.ts';
import type { LoraMode, ServeFeatures } from './features.ts';
import { KvCache } from './kv-cache.ts';
import { LOGITS, pastKey, pastValue, PROMPT_EMBEDS, presentKey, presentValue } from './names.ts';
import { prefillRows, prefixPast, type PrefillItem } from './prefill-inputs.ts';
import type { BaseForServing } from './prepare.ts';
import { RowAdapters } from './row-adapters.ts';
import { ServeSessions } from './sessions.ts';
import { loraStacks } from './stacks.ts';
import { serveSites, type ServeSite } from './sites.ts';
import { stepInputs } from './step-inputs.ts';

export interface RunnerOptions extends RunOptions {
  /** Rows (sequences) decoded together at most. */
  readonly maxRows: number;
  /** Smallest KV window; it doubles as rows grow. */
  readonly minWindow?: number;
  /** LoRA inputs per row, per distinct adapter, or chosen per call (default): grouped when adapters are shared. */
  readonly loraMode?: 'auto' | 'rows' | 'grouped';
  /**
   * 'symbolic' (default): one session per feature set serves every batch, prompt and window size.
   * 'static': one session per shape as well (bucketed); measured no faster here (bench/serve.ts, case shapes).
   */
  readonly shapes?: 'symbolic' | 'static';
  /** Compiled sessions to share with other runners of the same base model. */
  readonly sessions?: ServeSessions;
}

/**
 * Runs the serving graphs over a KV cache of live rows: prefill appends rows, decode advances every row
 * by one token, remove drops a row. Rows are identified by their index, which `remove` may reassign.
 */
export class ServeRunner {
  readonly cache: KvCache;
  readonly sessions: ServeSessions;
  private readonly sites: ServeSite[];
  private readonly rowAdapters: RowAdapters;
  private readonly grouped: GroupedLora;
  private shared: { id: string; feeds: Record<string, HostTensor> } | null = null;
  private readonly rep: number;

  constructor(readonly base: BaseForServing, private readonly opts: RunnerOptions) {
    this.cache = new KvCache(base.config, opts.maxRows, opts.minWindow);
    this.sessions = opts.sessions ?? new ServeSessions(base.config, base.tensors, opts);
    this.sites = serveSites(base.config);
    this.rowAdapters = new RowAdapters(this.sites, opts.maxRows, this.bias);
    this.grouped = new GroupedLora(this.sites);
    this.rep = base.config.heads / base.config.kvHeads;
  }

  private readonly biases = new Map<string, Float32Array | undefined>();
  private bias = (s: ServeSite): Float32Array | undefined => {
    if (!this.biases.has(s.path)) {
      const b = s.hasBias ? this.base.tensors.get(`${s.path}.bias`) : undefined;
      this.biases.set(s.path, b && toFloat32(b));
    }
    return this.biases.get(s.path);
  };

  get rows(): number {
    return this.cache.rows;
  }

  adapterOf(row: number): ServeAdapter | null {
    return this.rowAdapters.adapters[row] ?? null;
  }

  /**
   * Adapter inputs and features for rows with these adapters, from `rows` (their per-row slices). LoRA goes
   * per row; when all rows run one adapter its factors are broadcast (read once); in 'auto' mode, when few
   * adapters are shared by many rows, grouped.
   */
  private adapterFeeds(adapters: readonly (ServeAdapter | null)[], rowsOf: () => RowAdapters, seq: number) {
    const needs = { lora: adapters.some((a) => a?.lora), scale: adapters.some((a) => a?.scales) };
    let lora: LoraMode = 'none';
    const distinct = new Set(adapters.filter((a) => a?.lora));
    const single = distinct.size === 1 && adapters.every((a) => a?.lora);
    if (needs.lora) {
      const mode = this.opts.loraMode ?? 'auto';
      lora = mode !== 'auto' ? mode : single || distinct.size * 4 > adapters.length ? 'rows' : 'grouped';
    }
    // per-row slices only when something reads them: a shared or grouped LoRA with no scales needs none
    const perRow = needs.scale || (lora === 'rows' && !single);
    let feeds = perRow ? rowsOf().feeds(adapters.length) : {};
    if (needs.lora) {
      if (single && lora === 'rows') {
        const [only] = distinct;
        if (this.shared?.id !== only!.id) this.shared = { id: only!.id, feeds: loraStacks([only!], this.sites) };
        feeds = { ...feeds, ...this.shared.feeds };
      } else if (lora === 'grouped') {
        feeds = { ...feeds, ...this.grouped.feeds(adapters, seq) };
      }
    }
    return { feeds, lora, scale: needs.scale };
  }

  private session(features: ServeFeatures, batch: number, seq: number, past: number) {
    return this.sessions.get(features, this.opts.shapes === 'static' ? { batch, seq, past } : undefined);
  }

  /** Runs the prompts as one call. With `allLogits` returns [B, T, V] and leaves the cache alone. */
  private async runPrefill(items: readonly PrefillItem[], allLogits: boolean) {
    const { config } = this.base;
    const { rows, prompt } = prefillRows(items, config);
    const seq = Math.max(...rows.map((r) => r.ids.length));
    const window = Math.max(0, ...rows.map((r) => r.past));
    const fresh = () => {
      const r = new RowAdapters(this.sites, items.length, this.bias);
      for (const it of items) r.push(it.adapter);
      return r;
    };
    const ad = this.adapterFeeds(items.map((it) => it.adapter), fresh, seq);
    const feeds: Record<string, HostTensor> = { ...stepInputs(rows, seq, window, this.rep, config.maxPositions), ...prefixPast(items, config), ...ad.feeds };
    if (prompt) feeds[PROMPT_EMBEDS] = prompt;
    const features: ServeFeatures = { lora: ad.lora, scale: ad.scale, prompt: Boolean(prompt), allLogits };
    return { out: await (await this.session(features, items.length, seq, window)).run(feeds), rows, seq };
  }

  /** Full logits [B, T, V] of prompts (virtual tokens first), without touching the cache: for checks. */
  async logits(items: readonly PrefillItem[]): Promise<HostTensor> {
    return (await this.runPrefill(items, true)).out[LOGITS]!;
  }

  /** Adds one row per prompt and returns each row's next-token logits [V]. */
  async prefill(items: readonly PrefillItem[]): Promise<Float32Array[]> {
    if (this.cache.rows + items.length > this.cache.rowCap) throw new Error(`prefill: ${items.length} rows do not fit (${this.cache.rows}/${this.cache.rowCap} in use)`);
    const { out, rows, seq } = await this.runPrefill(items, false);
    this.cache.ensure(Math.max(...rows.map((r) => r.start + r.ids.length)) + 1);
    items.forEach((it, b) => {
      const row = this.cache.addRow();
      this.rowAdapters.push(it.adapter);
      const pre = it.adapter?.prefix;
      const n = rows[b]!.ids.length;
      for (let l = 0; l < this.base.config.layers; l++) {
        if (pre) {
          this.cache.write(2 * l, row, 0, pre.keys[l]!, 0, pre.tokens, pre.tokens);
          this.cache.write(2 * l + 1, row, 0, pre.values[l]!, 0, pre.tokens, pre.tokens);
        }
        this.cache.write(2 * l, row, rows[b]!.start, out[presentKey(l)]!.data as Float32Array, b, seq, n);
        this.cache.write(2 * l + 1, row, rows[b]!.start, out[presentValue(l)]!.data as Float32Array, b, seq, n);
      }
      this.cache.lengths[row] = rows[b]!.start + n;
    });
    const logits = out[LOGITS]!.data as Float32Array;
    const V = this.base.config.vocabSize;
    return items.map((_, b) => logits.slice(b * V, (b + 1) * V));
  }

  /** Feeds one token to every row; returns logits [rows, V] of the next position. */
  async decode(tokens: readonly number[]): Promise<Float32Array> {
    const n = this.cache.rows;
    if (tokens.length !== n) throw new Error(`decode: ${tokens.length} tokens for ${n} rows`);
    const { config } = this.base;
    const lengths = this.cache.lengths;
    this.cache.ensure(Math.max(...lengths) + 1);
    const rows = tokens.map((t, r) => ({ ids: [t], start: lengths[r]!, past: lengths[r]! }));
    const ad = this.adapterFeeds(this.rowAdapters.adapters, () => this.rowAdapters, 1);
    const feeds: Record<string, HostTensor> = { ...stepInputs(rows, 1, this.cache.capacity, this.rep, config.maxPositions), ...ad.feeds };
    for (let l = 0; l < config.layers; l++) {
      feeds[pastKey(l)] = this.cache.view(2 * l, 0, n);
      feeds[pastValue(l)] = this.cache.view(2 * l + 1, 0, n);
    }
    const features: ServeFeatures = { lora: ad.lora, scale: ad.scale, prompt: false, allLogits: false };
    const out = await (await this.session(features, n, 1, this.cache.capacity)).run(feeds);
    for (let r = 0; r < n; r++) {
      for (let l = 0; l < config.layers; l++) {
        this.cache.write(2 * l, r, lengths[r]!, out[presentKey(l)]!.data as Float32Array, r, 1, 1);
        this.cache.write(2 * l + 1, r, lengths[r]!, out[presentValue(l)]!.data as Float32Array, r, 1, 1);
      }
      lengths[r]! += 1;
    }
    return out[LOGITS]!.data as Float32Array;
  }

  /** Drops a row; the last row takes its index. Returns the index that moved, or -1. */
  remove(row: number): number {
    const moved = this.cache.removeRow(row);
    this.rowAdapters.remove(row);
    this.cache.shrink();
    return moved;
  }

  release(): Promise<void> {
    return this.sessions.release();
  }
}
