// A recipe's job has published a new version: with `publish: {alias, traffic_share}` the new version
// and the alias's current one are first evaluated (evaluate.ts, event `recipe.evaluated`), then the
// adapter's traffic split becomes {alias's current version: 1 − share, new version: share}, so the
// fresh adapter starts as the B side of an A/B test (the alias itself stays on A until a promotion).
// Without the alias yet, the alias simply points at the new version.
//
// `publish.require_improvement`: when the evaluation shows the new version's NLL is not lower than
// the current one's (or the evaluation failed), the version stays published but traffic does not
// move: an existing split is left as it is, and without one the bare name is pinned to the alias's
// version (else it would follow the newest version). A skipped evaluation (no dataset, no scorer)
// publishes as without the option.
import type { AppDeps } from '../../deps.ts';
import type { AdapterRow, AdapterVersionRow, JobRow } from '../../ports/rows.ts';
import { emitEvent } from '../webhooks/emit.ts';
import { evaluateRecipeVersion } from './evaluate.ts';

export async function publishRecipeVersion(deps: AppDeps, job: JobRow, adapter: AdapterRow, version: AdapterVersionRow): Promise<void> {
  const hook = await deps.meta.hooks.get(job.tenant_id, job.source_hook_id!);
  if (!hook?.publish) return;
  const { alias, traffic_share: share } = hook.publish;
  const current = (await deps.meta.adapters.aliases(job.tenant_id, adapter.id)).find((a) => a.alias === alias);
  const evaluation = await evaluateRecipeVersion(deps, job, adapter, version, current, hook.publish);
  const { status, ...detail } = evaluation;
  await emitEvent(deps, job.tenant_id, 'recipe.evaluated', { hook_id: hook.id, job_id: job.id, name: adapter.name, alias, status, ...detail });

  const hasA = current !== undefined && current.version !== version.version;
  const held = !hasA || !hook.publish.require_improvement ? null
    : evaluation.status === 'failed' ? 'evaluation_failed'
    : evaluation.status === 'evaluated' && evaluation.improved === false ? 'not_improved'
    : null;
  const now = deps.clock.now();
  if (held) {
    if (!(await deps.meta.adapters.getSplit(job.tenant_id, adapter.id))) {
      await deps.meta.adapters.setSplit(job.tenant_id, adapter.id, [{ target: String(current!.version), weight: 1 }], now);
    }
  } else if (!hasA || share >= 1) {
    await deps.meta.adapters.setAlias(job.tenant_id, adapter.id, alias, version.version, now);
    if (current && share >= 1) await deps.meta.adapters.setSplit(job.tenant_id, adapter.id, null, now);
  } else {
    await deps.meta.adapters.setSplit(job.tenant_id, adapter.id, [
      { target: String(current!.version), weight: 1 - share },
      { target: String(version.version), weight: share },
    ], now);
  }
  await emitEvent(deps, job.tenant_id, 'recipe.published', {
    hook_id: hook.id, job_id: job.id, name: adapter.name, alias, a: hasA && (held || share < 1) ? current!.version : null, b: version.version, traffic_share: share,
    evaluation: status, traffic_moved: held === null, held_reason: held,
  });
}
