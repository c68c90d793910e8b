// complete and fail. complete is idempotent: the same lease completing with the same artifact
// again gets the finished job back; a different artifact is a 409. The adapter is published
// before the job flips to succeeded, and withdrawn if the flip loses to a cancel.
import { unpackAdapter } from '@edgetune/core/serve/adapter-blob.ts';
import type { AppDeps } from '../../deps.ts';
import type { AuthContext } from '../../env.ts';
import { conflict, EdgetuneError, invalidField, notFound } from '../../errors/index.ts';
import type { JobRow } from '../../ports/rows.ts';
import { collectAdapterBlobs, publishAdapter } from '../adapters/publish.ts';
import { validateAdapterFiles } from '../adapters/validate.ts';
import { adapterNameFor } from '../jobs/present.ts';
import { transition } from '../jobs/record.ts';
import { publishRecipeVersion } from '../recipes/publish.ts';
import { emitEvent } from '../webhooks/emit.ts';
import { liveLease, mayServe } from './access.ts';
import { artifactKey } from './artifacts.ts';

export interface CompleteInput {
  lease_id: string;
  sha256: string;
  trained_tokens?: number | undefined;
  metrics?: Record<string, number> | undefined;
}

async function finishedBefore(deps: AppDeps, auth: AuthContext, input: CompleteInput): Promise<JobRow | undefined> {
  const job = await deps.meta.jobs.getByLease(input.lease_id);
  if (!job || !mayServe(auth, job.tenant_id)) return undefined;
  if (job.status === 'succeeded') {
    if (job.result_sha256 === input.sha256) return job;
    throw conflict(`job ${job.id} already completed with artifact ${job.result_sha256}`, 'sha256');
  }
  if (job.status === 'cancelled') throw conflict(`job ${job.id} was cancelled`, 'lease_id');
  return undefined;
}

export async function completeJob(deps: AppDeps, auth: AuthContext, input: CompleteInput): Promise<JobRow> {
  const replay = await finishedBefore(deps, auth, input);
  if (replay) return replay;
  const { job } = await liveLease(deps, auth, input.lease_id);
  const model = deps.models.get(job.model);
  if (!model) throw new EdgetuneError('internal', `job ${job.id} names a base model this deployment no longer has`);
  const blob = await deps.blobs.get(artifactKey(job.tenant_id, input.sha256));
  if (!blob) throw invalidField('sha256', `no artifact ${input.sha256}: upload it first`);
  let files;
  try {
    files = unpackAdapter(await blob.bytes(), input.sha256);
  } catch (e) {
    throw invalidField('sha256', (e as Error).message);
  }
  const valid = await validateAdapterFiles(deps.methods, model, files.config, files.tensors);
  const name = adapterNameFor(job);
  const { adapter, version } = await publishAdapter(deps, { tenantId: job.tenant_id, name, baseModel: model.id, adapter: valid, aliases: ['latest'], sourceJobId: job.id });
  const done = await transition(deps, job, ['running'], 'succeeded', {
    fine_tuned_model: `${adapter.name}@${version.version}`, result_sha256: input.sha256, result_files: [input.sha256],
    trained_tokens: input.trained_tokens ?? null, progress: input.metrics ? { ...job.progress, final: input.metrics } : job.progress,
  }, `Job succeeded: published ${adapter.name}@${version.version}`);
  if (!done) {
    // Lost the compare-and-set (a cancel, or a concurrent complete of the same lease): withdraw.
    await withdrawVersion(deps, job.tenant_id, adapter.id, version.version);
    const replayed = await finishedBefore(deps, auth, input);
    if (replayed) return replayed;
    throw conflict(`job ${job.id} is no longer running`, 'lease_id');
  }
  await deps.queue.complete(input.lease_id);
  await emitEvent(deps, job.tenant_id, 'adapter.published', { name: adapter.name, version: version.version, sha256: version.sha256, job_id: job.id });
  if (job.source_hook_id) await publishRecipeVersion(deps, job, adapter, version);
  return done;
}

/** Deletes a version this call published; `latest` moves back to the newest remaining version. */
async function withdrawVersion(deps: AppDeps, tenantId: string, adapterId: string, version: number): Promise<void> {
  const aliases = await deps.meta.adapters.aliases(tenantId, adapterId);
  const ownsLatest = aliases.some((a) => a.alias === 'latest' && a.version === version);
  if (ownsLatest) await deps.meta.adapters.deleteAlias(tenantId, adapterId, 'latest');
  const removed = await deps.meta.adapters.deleteVersion(tenantId, adapterId, version);
  if (removed) await collectAdapterBlobs(deps, tenantId, [removed]);
  const rest = await deps.meta.adapters.versions(tenantId, adapterId);
  if (ownsLatest && rest.length > 0) await deps.meta.adapters.setAlias(tenantId, adapterId, 'latest', rest[rest.length - 1]!.version, deps.clock.now());
}

export interface FailInput {
  lease_id: string;
  error: { code: string; message: string };
  retryable: boolean;
}

export async function failJob(deps: AppDeps, auth: AuthContext, input: FailInput): Promise<JobRow> {
  const { lease, job } = await liveLease(deps, auth, input.lease_id);
  if (job.status !== 'running') {
    await deps.queue.complete(lease.id);
    return job;
  }
  if (input.retryable && lease.attempt < deps.limits.maxAttempts) {
    const delay = deps.limits.retryBaseMs * 2 ** (lease.attempt - 1);
    const next = await transition(deps, job, ['running'], 'queued', {}, `Attempt ${lease.attempt} failed (${input.error.code}: ${input.error.message}); retrying in ${Math.round(delay / 1000)}s`, 'warn');
    await deps.queue.release(lease.id, deps.clock.now() + delay);
    return next ?? job;
  }
  await deps.queue.complete(lease.id);
  const error = { code: input.error.code, message: input.error.message, param: null };
  const failed = await transition(deps, job, ['running'], 'failed', { error }, `Job failed: ${input.error.message}`, 'error');
  if (!failed) throw notFound('job', job.id);
  return failed;
}
