// Port: metadata (tenants, keys, datasets, adapters, jobs, hooks, webhooks). Workers: D1. Node: a
// JSON file with the same schema and migrations (edge/migrations/*.sql).
//
// Tenant isolation lives here: every read and write takes the tenant id and matches it, so another
// tenant's row is indistinguishable from a missing one. The only unscoped reads are the ones that
// establish a tenant in the first place (an API key by id, an inbound hook by id, a job by its
// runner lease id) and the webhook dispatcher's queue of due deliveries. Each method is atomic on its own (a D1 driver uses batch()).
import type {
  AdapterAliasRow, AdapterRow, AliasMonitorRow, CompletionLogRow, TrafficSampleRow, VersionEvalRow, AdapterVersionRow, ApiKeyRow, CheckpointRow, DatasetRow, HookDeliveryRow, HookRow,
  JobEventRow, JobRow, JobStatus, TenantRow, TrafficRoute, TrafficSplitRow, WebhookDeliveryRow, WebhookRow,
} from './rows.ts';

export interface Page {
  /** Id of the last row of the previous page. */
  after?: string;
  limit: number;
}

export interface PageOf<T> {
  data: T[];
  has_more: boolean;
}

export interface TenantRepo {
  create(row: TenantRow): Promise<TenantRow>;
  get(id: string): Promise<TenantRow | null>;
  root(): Promise<TenantRow | null>;
  list(): Promise<TenantRow[]>;
}

export interface ApiKeyRepo {
  insert(row: ApiKeyRow): Promise<ApiKeyRow>;
  /** Unscoped: authentication finds the key before it knows the tenant. */
  getForAuth(id: string): Promise<ApiKeyRow | null>;
  list(tenantId: string): Promise<ApiKeyRow[]>;
  revoke(tenantId: string, id: string, now: number): Promise<ApiKeyRow | null>;
  touch(id: string, now: number): Promise<void>;
}

export interface DatasetRepo {
  insert(row: DatasetRow): Promise<DatasetRow>;
  get(tenantId: string, id: string): Promise<DatasetRow | null>;
  list(tenantId: string, page: Page): Promise<PageOf<DatasetRow>>;
  /** 409 while a job that is not finished uses the dataset. */
  delete(tenantId: string, id: string): Promise<DatasetRow | null>;
}

export interface PublishInput {
  name: string;
  baseModel: string;
  now: number;
  version: Omit<AdapterVersionRow, 'adapter_id' | 'tenant_id' | 'version' | 'created_at'>;
  /** Aliases to point at the new version (e.g. `latest`). */
  aliases?: string[];
}

export interface AdapterRepo {
  /** Creates the adapter on first publish, then adds version max+1; 409 if the base model differs. */
  publish(tenantId: string, input: PublishInput): Promise<{ adapter: AdapterRow; version: AdapterVersionRow }>;
  get(tenantId: string, id: string): Promise<AdapterRow | null>;
  getByName(tenantId: string, name: string): Promise<AdapterRow | null>;
  list(tenantId: string): Promise<AdapterRow[]>;
  versions(tenantId: string, adapterId: string): Promise<AdapterVersionRow[]>;
  getVersion(tenantId: string, adapterId: string, version: number): Promise<AdapterVersionRow | null>;
  /** 409 while an alias or the traffic split points at it. */
  deleteVersion(tenantId: string, adapterId: string, version: number): Promise<AdapterVersionRow | null>;
  /** Deletes the adapter with its versions, aliases and split; returns the versions removed. */
  delete(tenantId: string, adapterId: string): Promise<AdapterVersionRow[] | null>;
  /** 404 when the version does not exist. */
  setAlias(tenantId: string, adapterId: string, alias: string, version: number, now: number): Promise<AdapterAliasRow>;
  /** 409 while the traffic split uses it. */
  deleteAlias(tenantId: string, adapterId: string, alias: string): Promise<boolean>;
  aliases(tenantId: string, adapterId: string): Promise<AdapterAliasRow[]>;
  /** null removes the split. Targets must exist (404). */
  setSplit(tenantId: string, adapterId: string, routes: TrafficRoute[] | null, now: number): Promise<TrafficSplitRow | null>;
  getSplit(tenantId: string, adapterId: string): Promise<TrafficSplitRow | null>;
  /** Versions of this tenant that store their weights under `blobKey` (blob garbage collection). */
  blobRefs(tenantId: string, blobKey: string): Promise<number>;
}

export interface JobRepo {
  insert(row: JobRow): Promise<JobRow>;
  get(tenantId: string, id: string): Promise<JobRow | null>;
  /**
   * Unscoped: the job a runner lease was issued for. A lease id is an unguessable capability held
   * by one runner; callers still check that the runner may act for the job's tenant.
   */
  getByLease(leaseId: string): Promise<JobRow | null>;
  /** Newest first. */
  list(tenantId: string, page: Page): Promise<PageOf<JobRow>>;
  /**
   * Compare-and-set: applies the patch only while the job's status is one of `from` (any status
   * when absent). null when the job is missing or in another status.
   */
  update(tenantId: string, id: string, patch: Partial<JobRow>, from?: readonly JobStatus[]): Promise<JobRow | null>;
}

export interface JobEventRepo {
  append(tenantId: string, jobId: string, event: Pick<JobEventRow, 'level' | 'type' | 'message' | 'data'>, now: number): Promise<JobEventRow>;
  /** Oldest first, after the event with id `page.after`. */
  list(tenantId: string, jobId: string, page: Page): Promise<PageOf<JobEventRow>>;
}

export interface CheckpointRepo {
  /** One checkpoint per (job, step): a second record for the same step replaces the first. */
  record(row: CheckpointRow): Promise<CheckpointRow>;
  /** Newest step first. */
  list(tenantId: string, jobId: string): Promise<CheckpointRow[]>;
}

export interface HookRepo {
  insert(row: HookRow): Promise<HookRow>;
  get(tenantId: string, id: string): Promise<HookRow | null>;
  /** Unscoped: an inbound webhook carries no API key; its signature proves the tenant. */
  getPublic(id: string): Promise<HookRow | null>;
  list(tenantId: string): Promise<HookRow[]>;
  delete(tenantId: string, id: string): Promise<boolean>;
  /** Records a delivery id; false when it was seen before (a replay). */
  claimDelivery(row: HookDeliveryRow): Promise<boolean>;
  releaseDelivery(hookId: string, deliveryId: string): Promise<void>;
  attachJob(hookId: string, deliveryId: string, jobId: string): Promise<void>;
  /** Forgets deliveries received before `before` (their timestamps are outside the tolerance anyway). */
  purgeDeliveries(before: number): Promise<number>;
  deliveries(tenantId: string, hookId: string): Promise<HookDeliveryRow[]>;
  /** Unscoped: every hook with a cron schedule (the scheduler's list). */
  scheduled(): Promise<HookRow[]>;
  /** Compare-and-set of last_fired_at, so two schedulers never fire the same slot twice. */
  markFired(id: string, previous: number | null, now: number): Promise<boolean>;
}

/** A/B readout, feedback, drift monitors and sampled traffic (issue 9). */
export interface TrackingRepo {
  logCompletion(row: CompletionLogRow): Promise<void>;
  /** null when the completion is not this tenant's. */
  setFeedback(tenantId: string, id: string, value: number): Promise<CompletionLogRow | null>;
  completions(tenantId: string, adapterId: string): Promise<CompletionLogRow[]>;
  /** Insert or replace. */
  putMonitor(row: AliasMonitorRow): Promise<AliasMonitorRow>;
  getMonitor(tenantId: string, adapterId: string, alias: string): Promise<AliasMonitorRow | null>;
  monitors(tenantId: string, adapterId: string): Promise<AliasMonitorRow[]>;
  /** Monitors of every tenant with background checks whose interval has passed by `now`. */
  dueChecks(now: number): Promise<AliasMonitorRow[]>;
  /** Claims a check: sets last_checked_at to now if it is still `prev` (false: another tick did). */
  markChecked(tenantId: string, adapterId: string, alias: string, prev: number | null, now: number): Promise<boolean>;
  /** Sets the flag after a check at `now` (last_checked_at); returns the previous value (null when there is no monitor). */
  setDrifting(tenantId: string, adapterId: string, alias: string, drifting: boolean, now: number): Promise<boolean | null>;
  /** Adds a sample; the alias keeps its newest `keep` (older ones are deleted). */
  addSample(row: TrafficSampleRow, keep: number): Promise<void>;
  /** Newest first. */
  samples(tenantId: string, adapterId: string, alias: string, limit: number): Promise<TrafficSampleRow[]>;
  /** Insert or replace the score of (version_id, eval_dataset). */
  putEval(row: VersionEvalRow): Promise<void>;
  /** The adapter's stored scores, by version then dataset. */
  evals(tenantId: string, adapterId: string): Promise<VersionEvalRow[]>;
}

export interface WebhookRepo {
  insert(row: WebhookRow): Promise<WebhookRow>;
  get(tenantId: string, id: string): Promise<WebhookRow | null>;
  list(tenantId: string): Promise<WebhookRow[]>;
  delete(tenantId: string, id: string): Promise<boolean>;
  subscribers(tenantId: string, event: string): Promise<WebhookRow[]>;
  insertDelivery(row: WebhookDeliveryRow): Promise<WebhookDeliveryRow>;
  updateDelivery(id: string, patch: Partial<WebhookDeliveryRow>): Promise<WebhookDeliveryRow | null>;
  /** Unscoped dispatcher queue: pending deliveries due at `now`, oldest first. */
  due(now: number, limit: number): Promise<WebhookDeliveryRow[]>;
  deliveries(tenantId: string, webhookId: string, limit: number): Promise<WebhookDeliveryRow[]>;
}

export interface Metadata {
  readonly tenants: TenantRepo;
  readonly keys: ApiKeyRepo;
  readonly datasets: DatasetRepo;
  readonly adapters: AdapterRepo;
  readonly jobs: JobRepo;
  readonly events: JobEventRepo;
  readonly checkpoints: CheckpointRepo;
  readonly hooks: HookRepo;
  readonly webhooks: WebhookRepo;
  readonly tracking: TrackingRepo;
}
