// Cancelling: a queued job leaves the queue at once; a running job's runner learns it from its next
// heartbeat (cancel: true) and its later complete is refused.
import type { AppDeps } from '../../deps.ts';
import { conflict, notFound } from '../../errors/index.ts';
import type { JobRow } from '../../ports/rows.ts';
import { transition } from './record.ts';

export async function cancelJob(deps: AppDeps, tenantId: string, id: string): Promise<JobRow> {
  const job = await deps.meta.jobs.get(tenantId, id);
  if (!job) throw notFound('job', id);
  const next = await transition(deps, job, ['validating_files', 'queued', 'running'], 'cancelled', {}, 'Job cancelled');
  if (!next) throw conflict(`job '${id}' is ${(await deps.meta.jobs.get(tenantId, id))?.status ?? job.status}; only unfinished jobs can be cancelled`);
  await deps.queue.remove(id);
  return next;
}
