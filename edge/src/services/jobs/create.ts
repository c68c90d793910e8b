// POST /v1/fine_tuning/jobs: check the request (model, method config, files), insert the job as
// validating_files, validate the files, then queue it. Bad input is a 4xx before anything is
// written; a dataset that cannot train this model fails the job (as OpenAI's validation does).
import type { AppDeps } from '../../deps.ts';
import { fromZod, invalidField, notFound } from '../../errors/index.ts';
import type { DatasetRow, JobRow } from '../../ports/rows.ts';
import type { CreateJob } from '../../schemas/jobs.ts';
import { isTrainableKind, TRAINABLE_KINDS } from '../../runner/records.ts';
import { newId } from '../../util/ids.ts';
import { z } from 'zod';
import { jobEvent, transition } from './record.ts';

async function dataset(deps: Pick<AppDeps, 'meta'>, tenantId: string, id: string, field: string): Promise<DatasetRow> {
  const ds = await deps.meta.datasets.get(tenantId, id);
  if (!ds) throw notFound('dataset', id, field);
  return ds;
}

function fileProblem(ds: DatasetRow, field: string): { code: string; message: string; param: string } | undefined {
  if (!isTrainableKind(ds.kind)) {
    return { code: 'invalid_file_kind', message: `${field} ${ds.id} holds ${ds.kind} records; causal-LM fine-tuning takes ${TRAINABLE_KINDS.join(', ')}`, param: field };
  }
  if (ds.records === 0) return { code: 'empty_file', message: `${field} ${ds.id} has no records`, param: field };
  return undefined;
}

export async function createJob(deps: AppDeps, tenantId: string, body: CreateJob, sourceHookId: string | null = null): Promise<JobRow> {
  if (!deps.models.get(body.model)) {
    throw invalidField('model', `unknown base model '${body.model}'; available: ${deps.models.list().map((m) => m.id).join(', ')}`);
  }
  if (!(await deps.methods.get(body.method.type))) {
    throw invalidField('method.type', `unknown method '${body.method.type}'; available: ${deps.methods.names().join(', ')}`);
  }
  const check = await deps.methods.checkConfig(body.method.type, body.method.config);
  if (!check.ok) throw fromZod(new z.ZodError([...check.issues]), ['method', 'config']);
  const training = await dataset(deps, tenantId, body.training_file, 'training_file');
  const validation = body.validation_file ? await dataset(deps, tenantId, body.validation_file, 'validation_file') : null;

  const now = deps.clock.now();
  const job = await deps.meta.jobs.insert({
    id: newId('ftjob'), tenant_id: tenantId, model: body.model, training_file: training.id, validation_file: validation?.id ?? null,
    method_type: body.method.type, method_config: check.config, hyperparameters: body.hyperparameters, suffix: body.suffix ?? null,
    seed: body.seed ?? Math.floor(Math.random() * 2 ** 31), status: 'validating_files', error: null, fine_tuned_model: null, result_files: [],
    trained_tokens: null, created_at: now, started_at: null, finished_at: null, updated_at: now, lease_id: null, runner_id: null, attempts: 0,
    result_sha256: null, progress: null, source_hook_id: sourceHookId,
  });
  await jobEvent(deps, job, 'info', `Validating training file: ${training.id}${validation ? ` and validation file: ${validation.id}` : ''}`);
  const problem = fileProblem(training, 'training_file') ?? (validation ? fileProblem(validation, 'validation_file') : undefined);
  if (problem) return (await transition(deps, job, ['validating_files'], 'failed', { error: problem }, problem.message, 'error')) ?? job;
  // Queued in metadata first, so a runner that leases it at once finds it in the right state.
  const queued = await transition(deps, job, ['validating_files'], 'queued', {}, 'Files validated; job queued');
  if (!queued) return (await deps.meta.jobs.get(tenantId, job.id)) ?? job; // cancelled meanwhile
  try {
    await deps.queue.enqueue({ jobId: job.id, tenantId, now });
  } catch (e) {
    await transition(deps, queued, ['queued'], 'failed', { error: { code: 'queue_unavailable', message: 'the job could not be queued', param: null } }, 'Job could not be queued', 'error');
    throw e;
  }
  return queued;
}
