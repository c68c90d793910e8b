// A run's tracking record: its metrics series (the runner's `metrics` events, by step), final
// metrics, config (method, hyperparameters, seed) and artifacts (result files, checkpoints).
import type { AppDeps } from '../../deps.ts';
import type { JobEventRow, JobRow } from '../../ports/rows.ts';
import { seconds } from '../../schemas/common.ts';

export async function jobMetrics(deps: AppDeps, job: JobRow) {
  const events: JobEventRow[] = [];
  for (let after: string | undefined; ;) {
    const page = await deps.meta.events.list(job.tenant_id, job.id, { after, limit: 1000 });
    events.push(...page.data);
    if (!page.has_more || page.data.length === 0) break;
    after = page.data[page.data.length - 1]!.id;
  }
  const series: Record<string, { step: number | null; value: number }[]> = {};
  for (const e of events) {
    if (e.type !== 'metrics' || !e.data) continue;
    const step = typeof e.data.step === 'number' ? e.data.step : null;
    for (const [k, v] of Object.entries(e.data)) if (k !== 'step' && typeof v === 'number') (series[k] ??= []).push({ step, value: v });
  }
  const checkpoints = await deps.meta.checkpoints.list(job.tenant_id, job.id);
  return {
    object: 'fine_tuning.job.metrics', job_id: job.id, status: job.status, series,
    final: (job.progress as { final?: Record<string, number> } | null)?.final ?? null,
    config: { model: job.model, method: { type: job.method_type, config: job.method_config }, hyperparameters: job.hyperparameters, seed: job.seed, training_file: job.training_file, validation_file: job.validation_file },
    artifacts: {
      fine_tuned_model: job.fine_tuned_model, result_files: job.result_files,
      checkpoints: checkpoints.map((c) => ({ step: c.step, sha256: c.sha256, bytes: c.bytes, metrics: c.metrics, created_at: seconds(c.created_at) })),
    },
  };
}
