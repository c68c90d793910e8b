import { hostTensor, type HostTensor } from '../graph/index.ts';
import type { ServeAdapter } from './adapter.ts';
import { LORA_GATHER, LORA_SCATTER } from './names.ts';

/** How the rows of one call map onto grouped LoRA entries. */
export interface LoraPlan {
  /** Distinct adapters with LoRA factors, in first-use order: group u; null is the zero entry of rows without. */
  readonly adapters: (ServeAdapter | null)[];
  /** Per row: its group. */
  readonly entry: number[];
  /** Stable key of the groups' contents, to reuse stacks across decode steps. */
  readonly key: string;
}

export function planLora(adapters: readonly (ServeAdapter | null)[]): LoraPlan {
  const groups = new Map<ServeAdapter | null, number>();
  const entry = adapters.map((a) => {
    const key = a?.lora ? a : null;
    if (!groups.has(key)) groups.set(key, groups.size);
    return groups.get(key)!;
  });
  return { adapters: [...groups.keys()], entry, key: [...groups.keys()].map((a) => a?.id ?? '-').join(',') };
}

/**
 * Token routing for the grouped LoRA matmuls: tokens of rows sharing an entry are gathered into that
 * entry's group (padded to the largest group, padding reads token 0 and is never read back).
 */
export function loraRouting(plan: LoraPlan, seq: number): Record<string, HostTensor> {
  const B = plan.entry.length;
  const U = plan.adapters.length;
  const members: number[][] = Array.from({ length: U }, () => []);
  plan.entry.forEach((u, b) => members[u]!.push(b));
  const N = Math.max(1, ...members.map((m) => m.length)) * seq;
  const gather = new BigInt64Array(U * N);
  const scatter = new BigInt64Array(B * seq);
  members.forEach((rows, u) => {
    rows.forEach((b, i) => {
      for (let t = 0; t < seq; t++) {
        const slot = u * N + i * seq + t;
        gather[slot] = BigInt(b * seq + t);
        scatter[b * seq + t] = BigInt(slot);
      }
    });
  });
  return {
    [LORA_GATHER]: hostTensor('int64', [U, N], gather),
    [LORA_SCATTER]: hostTensor('int64', [B, seq], scatter),
  };
}
