// Leasing: expired leases go back to the queue (or fail the job once its attempts are spent), then
// the oldest queued job this runner may serve is leased and marked running.
import type { AppDeps } from '../../deps.ts';
import type { AuthContext } from '../../env.ts';
import type { Lease } from '../../ports/job-queue.ts';
import type { JobRow } from '../../ports/rows.ts';
import { transition } from '../jobs/record.ts';
import { tenantFilter } from './access.ts';

/** Requeues (or fails) the jobs of expired leases; returns how many leases expired. */
export async function sweepExpired(deps: AppDeps): Promise<number> {
  const expired = await deps.queue.expire(deps.clock.now());
  for (const lease of expired) {
    const job = await deps.meta.jobs.get(lease.tenantId, lease.jobId);
    if (!job) continue;
    if (lease.attempt >= deps.limits.maxAttempts) {
      await deps.queue.remove(job.id);
      const error = { code: 'lease_expired', message: `the runner stopped heartbeating ${lease.attempt} times; giving up`, param: null };
      await transition(deps, job, ['running'], 'failed', { error }, `Lease expired on attempt ${lease.attempt}; no attempts left`, 'error');
    } else {
      await transition(deps, job, ['running'], 'queued', {}, `Lease expired on runner ${lease.runnerId} (attempt ${lease.attempt}); job requeued`, 'warn');
    }
  }
  return expired.length;
}

export async function leaseJob(deps: AppDeps, auth: AuthContext, runnerId: string, ttlMs: number): Promise<{ lease: Lease; job: JobRow } | null> {
  await sweepExpired(deps);
  for (;;) {
    const now = deps.clock.now();
    const lease = await deps.queue.lease({ runnerId, ttlMs, now, tenantIds: tenantFilter(auth) });
    if (!lease) return null;
    const job = await deps.meta.jobs.get(lease.tenantId, lease.jobId);
    if (!job || job.status !== 'queued') {
      await deps.queue.complete(lease.id); // cancelled or gone: drop the stale entry
      continue;
    }
    const patch: Partial<JobRow> = { lease_id: lease.id, runner_id: runnerId, attempts: lease.attempt, started_at: job.started_at ?? now };
    const running = await transition(deps, job, ['queued'], 'running', patch, `Job started on runner ${runnerId} (attempt ${lease.attempt})`);
    if (!running) {
      await deps.queue.complete(lease.id);
      continue;
    }
    return { lease, job: running };
  }
}
