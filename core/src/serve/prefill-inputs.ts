import { hostTensor, type HostTensor } from '../graph/index.ts';
import type { ModelConfig } from '../weights/index.ts';
import type { ServeAdapter } from './adapter.ts';
import { pastKey, pastValue, PROMPT_EMBEDS } from './names.ts';
import type { StepRow } from './step-inputs.ts';

export interface PrefillItem {
  readonly adapter: ServeAdapter | null;
  /** Prompt token ids (at least one). */
  readonly ids: readonly number[];
}

/**
 * Rows for a prefill call. Prompt tuning puts the adapter's virtual tokens first (ids >= vocab address its
 * rows of prompt_embeds); prefix tuning's keys and values are the row's past, so its tokens start at P.
 */
export function prefillRows(items: readonly PrefillItem[], config: ModelConfig): { rows: StepRow[]; prompt?: HostTensor } {
  const tables = new Map<ServeAdapter, number>();
  let promptRows = 0;
  const rows = items.map(({ adapter, ids }) => {
    const prefix = adapter?.prefix?.tokens ?? 0;
    const virtual: number[] = [];
    if (adapter?.prompt) {
      if (!tables.has(adapter)) {
        tables.set(adapter, promptRows);
        promptRows += adapter.prompt.tokens;
      }
      const first = config.vocabSize + tables.get(adapter)!;
      for (let p = 0; p < adapter.prompt.tokens; p++) virtual.push(first + p);
    }
    return { ids: [...virtual, ...ids], start: prefix, past: prefix };
  });
  if (tables.size === 0) return { rows };
  const data = new Float32Array(promptRows * config.hidden);
  for (const [a, offset] of tables) data.set(a.prompt!.data, offset * config.hidden);
  return { rows, prompt: hostTensor('float32', [promptRows, config.hidden], data) };
}

/** Past inputs of a prefill: each row's prefix keys and values, zero-padded to the longest prefix. */
export function prefixPast(items: readonly PrefillItem[], config: ModelConfig): Record<string, HostTensor> {
  const { layers, kvHeads: KVH, headDim: D } = config;
  const P = Math.max(0, ...items.map((it) => it.adapter?.prefix?.tokens ?? 0));
  const feeds: Record<string, HostTensor> = {};
  for (let l = 0; l < layers; l++) {
    const k = new Float32Array(items.length * KVH * P * D);
    const v = new Float32Array(items.length * KVH * P * D);
    items.forEach(({ adapter }, b) => {
      const pre = adapter?.prefix;
      if (!pre) return;
      for (let h = 0; h < KVH; h++) {
        const src = h * pre.tokens * D;
        k.set(pre.keys[l]!.subarray(src, src + pre.tokens * D), (b * KVH + h) * P * D);
        v.set(pre.values[l]!.subarray(src, src + pre.tokens * D), (b * KVH + h) * P * D);
      }
    });
    feeds[pastKey(l)] = hostTensor('float32', [items.length, KVH, P, D], k);
    feeds[pastValue(l)] = hostTensor('float32', [items.length, KVH, P, D], v);
  }
  return feeds;
}
