// A recipe's job has published a new version: with `publish: {alias, traffic_share}` the adapter's
// traffic split becomes {alias's current version: 1 − share, new version: share}, so the fresh
// adapter starts as the B side of an A/B test (the alias itself stays on A until a promotion).
// Without the alias yet, the alias simply points at the new version.
import type { AppDeps } from '../../deps.ts';
import type { AdapterRow, AdapterVersionRow, JobRow } from '../../ports/rows.ts';
import { emitEvent } from '../webhooks/emit.ts';

export async function publishRecipeVersion(deps: AppDeps, job: JobRow, adapter: AdapterRow, version: AdapterVersionRow): Promise<void> {
  const hook = await deps.meta.hooks.get(job.tenant_id, job.source_hook_id!);
  if (!hook?.publish) return;
  const { alias, traffic_share: share } = hook.publish;
  const now = deps.clock.now();
  const current = (await deps.meta.adapters.aliases(job.tenant_id, adapter.id)).find((a) => a.alias === alias);
  if (!current || current.version === version.version || share >= 1) {
    await deps.meta.adapters.setAlias(job.tenant_id, adapter.id, alias, version.version, now);
    if (current && share >= 1) await deps.meta.adapters.setSplit(job.tenant_id, adapter.id, null, now);
  } else {
    await deps.meta.adapters.setSplit(job.tenant_id, adapter.id, [
      { target: String(current.version), weight: 1 - share },
      { target: String(version.version), weight: share },
    ], now);
  }
  await emitEvent(deps, job.tenant_id, 'recipe.published', {
    hook_id: hook.id, job_id: job.id, name: adapter.name, alias, a: current && share < 1 ? current.version : null, b: version.version, traffic_share: share,
  });
}
