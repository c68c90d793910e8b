// release: a runner that stops on purpose (SIGTERM) hands its job back at once instead of letting
// the lease expire. The job is requeued without backoff; its last checkpoint is where the next
// runner resumes.
import type { AppDeps } from '../../deps.ts';
import type { AuthContext } from '../../env.ts';
import type { JobRow } from '../../ports/rows.ts';
import { transition } from '../jobs/record.ts';
import { liveLease } from './access.ts';

export interface ReleaseInput {
  lease_id: string;
  reason: string;
}

export async function releaseLease(deps: AppDeps, auth: AuthContext, input: ReleaseInput): Promise<JobRow> {
  const { lease, job } = await liveLease(deps, auth, input.lease_id);
  if (job.status !== 'running') {
    await deps.queue.complete(lease.id); // cancelled meanwhile: nothing to hand back
    return job;
  }
  const [latest] = await deps.meta.checkpoints.list(job.tenant_id, job.id);
  const from = latest ? `resumes from the checkpoint at step ${latest.step}` : 'starts over (no checkpoint yet)';
  const next = await transition(deps, job, ['running'], 'queued', {}, `Runner ${lease.runnerId} released the job (${input.reason}); requeued, ${from}`, 'warn');
  await deps.queue.release(lease.id, deps.clock.now());
  return next ?? job;
}
