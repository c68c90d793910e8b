// Rows for the conformance suites, complete and valid, with the fields a test cares about on top.
import type { Metadata, PublishInput } from '../../../ports/metadata.ts';
import type { DatasetRow, HookRow, JobRow, VersionEvalRow, WebhookDeliveryRow, WebhookRow } from '../../../ports/rows.ts';

export async function tenants(m: Metadata, ...ids: string[]): Promise<void> {
  for (const [i, id] of ids.entries()) await m.tenants.create({ id, name: id, is_root: i === 0, created_at: i });
}

export const job = (id: string, tenant: string, o: Partial<JobRow> = {}): JobRow => ({
  id, tenant_id: tenant, model: 'm', training_file: 'ds_a', validation_file: null, method_type: 'lora', method_config: { r: 4, alpha: null },
  hyperparameters: { steps: 3 }, suffix: null, seed: 0, status: 'queued', error: null, fine_tuned_model: null, result_files: [], trained_tokens: null,
  created_at: 1, started_at: null, finished_at: null, updated_at: 1, lease_id: null, runner_id: null, attempts: 0, result_sha256: null, progress: null,
  source_hook_id: null, ...o,
});

export const dataset = (id: string, tenant: string, o: Partial<DatasetRow> = {}): DatasetRow => ({
  id, tenant_id: tenant, name: id, purpose: 'fine-tune', format: 'jsonl', kind: 'prompt_completion', blob_key: `t/${tenant}/${id}`, sha256: 'ab', bytes: 10,
  records: 2, stats: { bytes_in: 10, records_in: 2, records_out: 2, dropped: {}, examples: { bad: [{ line: 1 }] }, kinds: { prompt_completion: 2 }, chars: { total: 4, mean: 2, max: 3 } },
  preview: [{ prompt: 'a', completion: 'b' }], created_at: 1, ...o,
});

export const version = (id: string, blobKey = 'k'): PublishInput['version'] => ({
  id, method: 'lora', rank: 4, blob_key: blobKey, sha256: 's', bytes: 1, config: { r: 4, target_modules: ['c_attn'] }, source_job_id: null,
});

export const hook = (id: string, tenant: string, created_at = 1): HookRow => ({ id, tenant_id: tenant, name: id, secret: 'sec', recipe: { model: 'm', method: { type: 'lora' } }, created_at,
  schedule: null, on_drift: null, publish: null, last_fired_at: null });

export const webhook = (id: string, tenant: string, events: string[], created_at = 1): WebhookRow => ({ id, tenant_id: tenant, url: 'https://x.test/h', events, secret: 'sec', created_at });

export const delivery = (id: string, webhookId: string, tenant: string, o: Partial<WebhookDeliveryRow> = {}): WebhookDeliveryRow => ({
  id, webhook_id: webhookId, tenant_id: tenant, event: 'job.succeeded', payload: { id: 'j', nested: { ok: true } }, status: 'pending', attempts: 0,
  next_attempt_at: null, last_attempt_at: null, last_status_code: null, last_error: null, created_at: 1, delivered_at: null, ...o,
});

export const versionEval = (versionId: string, tenant: string, adapterId: string, version: number, o: Partial<VersionEvalRow> = {}): VersionEvalRow => ({
  version_id: versionId, eval_dataset: 'ds_eval', tenant_id: tenant, adapter_id: adapterId, version, mean_nll: 1.5, perplexity: Math.exp(1.5), examples: 12,
  job_id: null, evaluated_at: 1, ...o,
});
