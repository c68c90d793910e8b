// Which jobs a runner key may touch: a root-tenant runner serves every tenant, any other runner
// only its own tenant's jobs. A lease of another tenant looks like an unknown lease (404).
import type { AppDeps } from '../../deps.ts';
import type { AuthContext } from '../../env.ts';
import { EdgetuneError, notFound } from '../../errors/index.ts';
import type { Lease } from '../../ports/job-queue.ts';
import type { JobRow } from '../../ports/rows.ts';

export const mayServe = (auth: AuthContext, tenantId: string) => auth.isRoot || auth.tenantId === tenantId;
export const tenantFilter = (auth: AuthContext) => (auth.isRoot ? undefined : [auth.tenantId]);

/** The live lease and its job; 409 when the lease expired (the job went back to the queue). */
export async function liveLease(deps: AppDeps, auth: AuthContext, leaseId: string): Promise<{ lease: Lease; job: JobRow }> {
  const lease = await deps.queue.getLease(leaseId, deps.clock.now());
  if (lease && !mayServe(auth, lease.tenantId)) throw notFound('lease', leaseId, 'lease_id');
  if (!lease) {
    const job = await deps.meta.jobs.getByLease(leaseId);
    if (!job || !mayServe(auth, job.tenant_id)) throw notFound('lease', leaseId, 'lease_id');
    throw new EdgetuneError('conflict', `lease '${leaseId}' is no longer held (expired or finished); stop work on job ${job.id}`, { field: 'lease_id' });
  }
  const job = await deps.meta.jobs.get(lease.tenantId, lease.jobId);
  if (!job) throw notFound('job', lease.jobId);
  return { lease, job };
}
