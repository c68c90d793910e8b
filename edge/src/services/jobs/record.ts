// A job's status change with its event and webhook, in one place so none is forgotten.
import type { AppDeps } from '../../deps.ts';
import type { EventLevel, JobRow, JobStatus } from '../../ports/rows.ts';
import { emitEvent } from '../webhooks/emit.ts';
import { presentJob } from './present.ts';

type Deps = Pick<AppDeps, 'meta' | 'clock'>;

export async function jobEvent(deps: Deps, job: JobRow, level: EventLevel, message: string, data: Record<string, unknown> | null = null, type: 'message' | 'metrics' = 'message') {
  return deps.meta.events.append(job.tenant_id, job.id, { level, type, message, data }, deps.clock.now());
}

/**
 * Moves the job to `to` if it is still in one of `from` (compare-and-set), then logs `message` and
 * notifies webhook subscribers. null when another actor moved the job first.
 */
export async function transition(deps: Deps, job: JobRow, from: readonly JobStatus[], to: JobStatus, patch: Partial<JobRow>, message: string, level: EventLevel = 'info'): Promise<JobRow | null> {
  const now = deps.clock.now();
  const terminal = to === 'succeeded' || to === 'failed' || to === 'cancelled';
  const next = await deps.meta.jobs.update(job.tenant_id, job.id, { ...patch, status: to, updated_at: now, ...(terminal ? { finished_at: now } : {}) }, from);
  if (!next) return null;
  await jobEvent(deps, next, level, message, { status: to });
  if (to !== 'validating_files') await emitEvent(deps, next.tenant_id, `fine_tuning.job.${to}`, presentJob(next));
  return next;
}
