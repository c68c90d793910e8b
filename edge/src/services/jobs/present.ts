import type { CheckpointRow, JobEventRow, JobRow } from '../../ports/rows.ts';
import { seconds } from '../../schemas/common.ts';

export function presentJob(j: JobRow) {
  return {
    object: 'fine_tuning.job' as const, id: j.id, model: j.model, created_at: seconds(j.created_at)!, finished_at: seconds(j.finished_at),
    fine_tuned_model: j.fine_tuned_model, organization_id: j.tenant_id, result_files: j.result_files, status: j.status,
    validation_file: j.validation_file, training_file: j.training_file, hyperparameters: j.hyperparameters, trained_tokens: j.trained_tokens,
    error: j.error, seed: j.seed, method: { type: j.method_type, config: j.method_config }, suffix: j.suffix,
    estimated_finish: null, integrations: [], metadata: null, attempts: j.attempts, progress: j.progress,
  };
}

export function presentEvent(e: JobEventRow) {
  return { object: 'fine_tuning.job.event' as const, id: e.id, created_at: seconds(e.created_at)!, level: e.level, message: e.message, type: e.type, data: e.data };
}

export function presentCheckpoint(c: CheckpointRow, job: JobRow) {
  return {
    object: 'fine_tuning.job.checkpoint' as const, id: c.id, created_at: seconds(c.created_at)!,
    fine_tuned_model_checkpoint: `${adapterNameFor(job)}:ckpt-step-${c.step}`, step_number: c.step, metrics: c.metrics,
    fine_tuning_job_id: c.job_id, sha256: c.sha256,
  };
}

/** The adapter a job publishes to: its suffix (so retraining adds versions), else ft-<job id tail>. */
export function adapterNameFor(job: Pick<JobRow, 'id' | 'suffix'>): string {
  return job.suffix ?? `ft-${job.id.slice(-10)}`;
}
