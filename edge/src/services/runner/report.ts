// Heartbeats (progress and metrics) and checkpoints from a runner holding a live lease.
import type { AppDeps } from '../../deps.ts';
import type { AuthContext } from '../../env.ts';
import { conflict, invalidField } from '../../errors/index.ts';
import type { CheckpointRow } from '../../ports/rows.ts';
import { newId } from '../../util/ids.ts';
import { jobEvent } from '../jobs/record.ts';
import { artifactKey } from './artifacts.ts';
import { liveLease, mayServe } from './access.ts';

export interface HeartbeatInput {
  lease_id: string;
  progress?: { step: number; total_steps: number } | undefined;
  metrics?: Record<string, number> | undefined;
  messages?: string[] | undefined;
}

export async function heartbeat(deps: AppDeps, auth: AuthContext, input: HeartbeatInput, ttlMs: number) {
  // Cancelling a running job drops its queue entry; the runner hears it here and stops.
  const leased = await deps.meta.jobs.getByLease(input.lease_id);
  if (leased && mayServe(auth, leased.tenant_id) && leased.status === 'cancelled') {
    await deps.queue.complete(input.lease_id);
    return { lease_id: input.lease_id, expires_at: null, cancel: true };
  }
  const { job } = await liveLease(deps, auth, input.lease_id);
  const lease = await deps.queue.heartbeat(input.lease_id, ttlMs, deps.clock.now());
  if (!lease) throw conflict(`lease '${input.lease_id}' expired`, 'lease_id');
  if (input.progress) await deps.meta.jobs.update(job.tenant_id, job.id, { progress: input.progress, updated_at: deps.clock.now() }, ['running']);
  for (const m of input.messages ?? []) await jobEvent(deps, job, 'info', m);
  if (input.metrics) {
    const step = input.progress?.step;
    const parts = Object.entries(input.metrics).map(([k, v]) => `${k}=${Number(v.toPrecision(5))}`).join(', ');
    await jobEvent(deps, job, 'info', `Step ${step ?? '?'}${input.progress ? `/${input.progress.total_steps}` : ''}: ${parts}`, { step: step ?? null, ...input.metrics }, 'metrics');
  }
  return { lease_id: lease.id, expires_at: lease.expiresAt, cancel: false };
}

export interface CheckpointInput {
  lease_id: string;
  step: number;
  sha256: string;
  metrics: Record<string, number>;
}

/** Records a checkpoint; the same (step, artifact) again, as a retry after a lost response sends, is the same row. */
export async function recordCheckpoint(deps: AppDeps, auth: AuthContext, input: CheckpointInput): Promise<CheckpointRow> {
  const { job } = await liveLease(deps, auth, input.lease_id);
  const [latest] = await deps.meta.checkpoints.list(job.tenant_id, job.id);
  if (latest && latest.step === input.step && latest.sha256 === input.sha256) return latest;
  const key = artifactKey(job.tenant_id, input.sha256);
  const head = await deps.blobs.head(key);
  if (!head) throw invalidField('sha256', `no artifact ${input.sha256}: upload it first (PUT /v1/runner/leases/${input.lease_id}/artifacts/${input.sha256})`);
  const row = await deps.meta.checkpoints.record({
    id: newId('ftckpt'), job_id: job.id, tenant_id: job.tenant_id, step: input.step, sha256: input.sha256, blob_key: key, bytes: head.size,
    metrics: input.metrics, created_at: deps.clock.now(),
  });
  await jobEvent(deps, job, 'info', `Checkpoint saved at step ${input.step}`, { step: input.step, sha256: input.sha256 });
  return row;
}
