// After a completion through an adapter: one completion_log row (the A/B readout) and, for each
// alias monitor that covers the request and wins its sampling draw, a traffic sample. A request
// naming `adapter@alias` belongs to that alias; a bare adapter name (traffic split or newest
// version) belongs to every monitored alias of the adapter. An alias keeps as many samples as
// the largest drift window reads; older ones are deleted.
import type { AppDeps } from '../../deps.ts';
import { newId } from '../../util/ids.ts';
import { MAX_DRIFT_WINDOW } from '../../schemas/tracking.ts';
import type { Served } from '../inference/target.ts';

export interface ServedCompletion {
  id: string;
  tenantId: string;
  served: Served;
  prompt: string;
  promptTokens: number;
  latencyMs: number;
}

export async function recordServed(deps: AppDeps, c: ServedCompletion, random: () => number = Math.random): Promise<void> {
  const now = deps.clock.now();
  await deps.meta.tracking.logCompletion({
    id: c.id, tenant_id: c.tenantId, adapter_id: c.served.adapterId, version: c.served.version,
    latency_ms: Math.max(0, Math.round(c.latencyMs)), prompt_tokens: c.promptTokens, feedback: null, created_at: now,
  });
  const monitors = await deps.meta.tracking.monitors(c.tenantId, c.served.adapterId);
  for (const m of monitors) {
    if (c.served.alias !== null && c.served.alias !== m.alias) continue;
    if (m.sample_rate <= 0 || random() >= m.sample_rate) continue;
    await deps.meta.tracking.addSample({
      id: newId('smp'), tenant_id: c.tenantId, adapter_id: c.served.adapterId, alias: m.alias, version: c.served.version, prompt: c.prompt, created_at: now,
    }, MAX_DRIFT_WINDOW);
  }
}
