// Background drift checks, from the scheduler's tick (Node: a timer on the app's Clock; Workers: the
// scheduled() handler). A monitor with check_every_s is due once that long has passed since its last
// check (or since it was set), and is checked only when traffic was sampled since, so an idle alias
// costs nothing. A check is claimed by compare-and-set (concurrent ticks check once) and is the same
// as GET …/drift over the monitor's check_window: the flag updates and on_drift recipes fire.
import type { AppDeps } from '../../deps.ts';
import { aliasDrift } from './drift.ts';

export interface DriftCheck {
  tenantId: string;
  adapter: string;
  alias: string;
  drifting: boolean;
  /** Jobs of on_drift recipes it fired. */
  fired: string[];
}

export async function runDueDriftChecks(deps: AppDeps, now: number = deps.clock.now()): Promise<DriftCheck[]> {
  if (!deps.inference?.score) return []; // nothing can score: reports answer 501 too
  const checks: DriftCheck[] = [];
  for (const m of await deps.meta.tracking.dueChecks(now)) {
    const [newest] = await deps.meta.tracking.samples(m.tenant_id, m.adapter_id, m.alias, 1);
    if (!newest || (m.last_checked_at !== null && newest.created_at <= m.last_checked_at)) continue;
    if (!(await deps.meta.tracking.markChecked(m.tenant_id, m.adapter_id, m.alias, m.last_checked_at, now))) continue;
    const adapter = await deps.meta.adapters.get(m.tenant_id, m.adapter_id);
    if (!adapter) continue; // deleted since
    try {
      const { report, fired } = await aliasDrift(deps, adapter, m, m.check_window);
      checks.push({ tenantId: m.tenant_id, adapter: adapter.name, alias: m.alias, drifting: report.drifting, fired });
    } catch (e) {
      (deps.log ?? console.error)(`drift check of ${adapter.name}@${m.alias} failed`, e);
    }
  }
  return checks;
}
