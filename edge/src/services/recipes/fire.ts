// A recipe (an inbound hook's saved job) firing without a signed delivery: on its cron schedule or
// because its alias started drifting. The job records the hook as its source, so the publish step
// (publish.ts) can put the new version on the recipe's alias as the B side.
import type { AppDeps } from '../../deps.ts';
import { parseOr } from '../../errors/index.ts';
import type { HookRow, JobRow } from '../../ports/rows.ts';
import { CreateJob } from '../../schemas/jobs.ts';
import { createJob } from '../jobs/create.ts';
import { emitEvent } from '../webhooks/emit.ts';

export type FireReason = { kind: 'schedule'; slot: number } | { kind: 'drift'; alias: string };

export async function fireRecipe(deps: AppDeps, hook: HookRow, reason: FireReason): Promise<JobRow> {
  const job = await createJob(deps, hook.tenant_id, parseOr(CreateJob, hook.recipe, ['recipe']), hook.id);
  const why = reason.kind === 'schedule' ? { trigger: 'schedule', schedule: hook.schedule, slot: new Date(reason.slot).toISOString() } : { trigger: 'drift', alias: reason.alias };
  await emitEvent(deps, hook.tenant_id, 'recipe.fired', { hook_id: hook.id, name: hook.name, job_id: job.id, ...why });
  return job;
}
