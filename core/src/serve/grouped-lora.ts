import type { HostTensor } from '../graph/index.ts';
import type { ServeAdapter } from './adapter.ts';
import { loraRouting, planLora } from './plan.ts';
import type { ServeSite } from './sites.ts';
import { loraStacks } from './stacks.ts';

/**
 * Grouped LoRA inputs (one stack entry per distinct adapter, plus token routing). Decode steps repeat
 * the same rows many times, so the last stacks and routing are kept while the rows' adapters stay.
 */
export class GroupedLora {
  private stacks: { key: string; feeds: Record<string, HostTensor> } | null = null;
  private last: { key: string; feeds: Record<string, HostTensor> } | null = null;

  constructor(private readonly sites: readonly ServeSite[]) {}

  feeds(adapters: readonly (ServeAdapter | null)[], seq: number): Record<string, HostTensor> {
    const rowKey = `${seq}|${adapters.map((a) => a?.id ?? '').join(',')}`;
    if (this.last?.key === rowKey) return this.last.feeds;
    const plan = planLora(adapters);
    if (this.stacks?.key !== plan.key) this.stacks = { key: plan.key, feeds: loraStacks(plan.adapters, this.sites) };
    this.last = { key: rowKey, feeds: { ...this.stacks.feeds, ...loraRouting(plan, seq) } };
    return this.last.feeds;
  }
}
