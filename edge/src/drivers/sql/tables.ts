// The metadata tables as the repos see them: each column, and which hold JSON (TEXT) or a boolean
// (INTEGER 0/1). edge/migrations/*.sql is the schema; sql.test.ts checks this list against the
// tables the migrations actually create.
export type ColumnKind = 'plain' | 'json' | 'bool';

const spec = (plain: string, json = '', bool = ''): Readonly<Record<string, ColumnKind>> => {
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  return Object.fromEntries([
    ...words(plain).map((c) => [c, 'plain'] as const),
    ...words(json).map((c) => [c, 'json'] as const),
    ...words(bool).map((c) => [c, 'bool'] as const),
  ]);
};

export const TABLES = {
  tenants: spec('id name created_at', '', 'is_root'),
  api_keys: spec('id tenant_id name salt hash created_at last_used_at revoked_at', 'scopes'),
  datasets: spec('id tenant_id name purpose format kind blob_key sha256 bytes records created_at', 'stats preview'),
  adapters: spec('id tenant_id name base_model created_at updated_at'),
  adapter_versions: spec('id adapter_id tenant_id version method rank blob_key sha256 bytes source_job_id created_at', 'config'),
  adapter_aliases: spec('adapter_id alias tenant_id version updated_at'),
  traffic_splits: spec('adapter_id tenant_id updated_at', 'routes'),
  jobs: spec(
    `id tenant_id model training_file validation_file method_type suffix seed status fine_tuned_model trained_tokens created_at
     started_at finished_at updated_at lease_id runner_id attempts result_sha256 source_hook_id`,
    'method_config hyperparameters error result_files progress',
  ),
  job_events: spec('id job_id tenant_id seq level type message created_at', 'data'),
  checkpoints: spec('id job_id tenant_id step sha256 blob_key bytes created_at', 'metrics'),
  hooks: spec('id tenant_id name secret created_at schedule last_fired_at', 'recipe publish', 'on_drift'),
  completion_log: spec('id tenant_id adapter_id version latency_ms prompt_tokens feedback created_at'),
  alias_monitors: spec('adapter_id alias tenant_id eval_dataset sample_rate updated_at check_every_s check_window last_checked_at', 'thresholds', 'drifting'),
  traffic_samples: spec('id tenant_id adapter_id alias version prompt created_at'),
  version_evals: spec('version_id eval_dataset tenant_id adapter_id version mean_nll perplexity examples job_id evaluated_at'),
  hook_deliveries: spec('hook_id delivery_id tenant_id job_id received_at'),
  webhooks: spec('id tenant_id url secret created_at', 'events'),
  webhook_deliveries: spec(
    'id webhook_id tenant_id event status attempts next_attempt_at last_attempt_at last_status_code last_error created_at delivered_at',
    'payload',
  ),
} as const;

export type TableName = keyof typeof TABLES;
