// Metadata rows, one interface per table, with the SQL column names (snake_case) of
// edge/migrations/*.sql. Times are milliseconds since the epoch; `json` columns hold objects.
export type Scope = 'admin' | 'train' | 'infer' | 'runner';
export const SCOPES: readonly Scope[] = ['admin', 'train', 'infer', 'runner'];

export interface TenantRow {
  id: string;
  name: string;
  /** The tenant created at bootstrap: its admins manage tenants, its runners serve every tenant. */
  is_root: boolean;
  created_at: number;
}

export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  /** Random per key, hex. */
  salt: string;
  /** sha256(salt ':' secret), hex. The secret itself is never stored. */
  hash: string;
  scopes: Scope[];
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface DatasetStats {
  bytes_in: number;
  records_in: number;
  records_out: number;
  dropped: Record<string, number>;
  examples: Record<string, unknown[]>;
  kinds: Record<string, number>;
  chars: { total: number; mean: number; max: number };
}

export interface DatasetRow {
  id: string;
  tenant_id: string;
  name: string;
  purpose: string;
  format: 'jsonl' | 'csv';
  kind: string;
  blob_key: string;
  sha256: string;
  bytes: number;
  records: number;
  stats: DatasetStats;
  preview: unknown[];
  created_at: number;
}

export interface AdapterRow {
  id: string;
  tenant_id: string;
  name: string;
  base_model: string;
  created_at: number;
  updated_at: number;
}

export interface AdapterVersionRow {
  id: string;
  adapter_id: string;
  tenant_id: string;
  version: number;
  method: string;
  rank: number | null;
  blob_key: string;
  sha256: string;
  bytes: number;
  config: Record<string, unknown>;
  source_job_id: string | null;
  created_at: number;
}

export interface AdapterAliasRow {
  adapter_id: string;
  alias: string;
  tenant_id: string;
  version: number;
  updated_at: number;
}

export interface TrafficRoute {
  /** A version number ("3") or an alias ("prod"). */
  target: string;
  weight: number;
}

export interface TrafficSplitRow {
  adapter_id: string;
  tenant_id: string;
  routes: TrafficRoute[];
  updated_at: number;
}

export type JobStatus = 'validating_files' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const TERMINAL: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export interface JobError {
  code: string;
  message: string;
  param: string | null;
}

export interface JobRow {
  id: string;
  tenant_id: string;
  model: string;
  training_file: string;
  validation_file: string | null;
  method_type: string;
  method_config: unknown;
  hyperparameters: Record<string, unknown>;
  suffix: string | null;
  seed: number;
  status: JobStatus;
  error: JobError | null;
  /** `name` of the adapter the job publishes. */
  fine_tuned_model: string | null;
  result_files: string[];
  trained_tokens: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  /** The lease that completed the job (idempotent complete). */
  lease_id: string | null;
  runner_id: string | null;
  attempts: number;
  /** sha256 of the artifact the job completed with. */
  result_sha256: string | null;
  /** Latest progress from heartbeats: {step, total_steps, …}. */
  progress: Record<string, unknown> | null;
  source_hook_id: string | null;
}

export type EventLevel = 'info' | 'warn' | 'error';

export interface JobEventRow {
  id: string;
  job_id: string;
  tenant_id: string;
  seq: number;
  level: EventLevel;
  type: 'message' | 'metrics';
  message: string;
  data: Record<string, unknown> | null;
  created_at: number;
}

export interface CheckpointRow {
  id: string;
  job_id: string;
  tenant_id: string;
  step: number;
  sha256: string;
  blob_key: string;
  bytes: number;
  metrics: Record<string, number>;
  created_at: number;
}

/** A saved recipe that an inbound webhook turns into a fine-tuning job. */
export interface HookRow {
  id: string;
  tenant_id: string;
  name: string;
  /** HMAC key. Kept in the clear because verification needs it (encrypt at rest: TODO). */
  secret: string;
  recipe: Record<string, unknown>;
  created_at: number;
  /** 5-field cron (UTC): the recipe fires when due (services/recipes). */
  schedule: string | null;
  /** Fires when the publish alias starts drifting. */
  on_drift: boolean | null;
  /** Where the new version goes: the alias's traffic is split {current: 1 − share, new: share}. */
  publish: RecipePublish | null;
  last_fired_at: number | null;
}

export interface RecipePublish {
  alias: string;
  traffic_share: number;
  /** Scored on this dataset before the split moves (else the alias monitor's eval_dataset). */
  eval_dataset?: string;
  /** Keep the traffic where it is unless the new version's eval NLL is lower. Absent: false. */
  require_improvement?: boolean;
}

/** One completion served through an adapter version (the A/B readout). */
export interface CompletionLogRow {
  id: string;
  tenant_id: string;
  adapter_id: string;
  version: number;
  latency_ms: number;
  prompt_tokens: number;
  /** Thumbs (0/1) or a score in [0, 1]. */
  feedback: number | null;
  created_at: number;
}

/** Drift monitoring of one alias: its evaluation dataset, traffic sampling and thresholds. */
export interface AliasMonitorRow {
  adapter_id: string;
  alias: string;
  tenant_id: string;
  eval_dataset: string;
  sample_rate: number;
  thresholds: Record<string, number>;
  drifting: boolean;
  updated_at: number;
  /** Background checks: every this many seconds while traffic is sampled (null: only on request). */
  check_every_s: number | null;
  /** Newest samples a background check reads. */
  check_window: number;
  last_checked_at: number | null;
}

/** One adapter version scored on one evaluation dataset (mean token NLL, nats). */
export interface VersionEvalRow {
  /** The version row's id. */
  version_id: string;
  eval_dataset: string;
  tenant_id: string;
  adapter_id: string;
  version: number;
  mean_nll: number;
  perplexity: number;
  /** Texts scored. */
  examples: number;
  /** The recipe job whose publish step ran the evaluation. */
  job_id: string | null;
  evaluated_at: number;
}

export interface TrafficSampleRow {
  id: string;
  tenant_id: string;
  adapter_id: string;
  alias: string;
  version: number;
  prompt: string;
  created_at: number;
}

export interface HookDeliveryRow {
  hook_id: string;
  delivery_id: string;
  tenant_id: string;
  job_id: string | null;
  received_at: number;
}

export interface WebhookRow {
  id: string;
  tenant_id: string;
  url: string;
  events: string[];
  secret: string;
  created_at: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryRow {
  id: string;
  webhook_id: string;
  tenant_id: string;
  event: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}
