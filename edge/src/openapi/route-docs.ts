// Every HTTP route, described once with the zod schemas the handlers validate with.
import { z } from 'zod';
import { AdapterObject, ResolveQuery, SetAlias, SetTraffic, UploadFields } from '../schemas/adapters.ts';
import { ListQuery } from '../schemas/common.ts';
import { ChatBody, CompletionBody } from '../schemas/completions.ts';
import { DatasetObject, UploadOptions } from '../schemas/datasets.ts';
import { CreateHook, CreateWebhook, DeliveriesQuery, HookPayload } from '../schemas/hooks.ts';
import { CheckpointObject, CreateJob, EventObject, EventsQuery, JobObject } from '../schemas/jobs.ts';
import { DriftQuery, Feedback, Promote, SetMonitor } from '../schemas/tracking.ts';
import { CreateKey, CreateTenant, KeyObject, TenantObject } from '../schemas/keys.ts';
import { MethodObject } from '../routes/methods.ts';
import { CheckpointBody, CompleteBody, FailBody, HeartbeatBody, LeaseBody, LeaseObject, ModelManifest, ReleaseBody } from '../schemas/runner.ts';

export type Auth = 'none' | 'signature' | 'admin' | 'root' | 'train' | 'infer' | 'runner';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete' | 'head';
  path: string;
  tag: string;
  summary: string;
  auth: Auth;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; type?: string };
  /** Non-JSON bodies (uploads): content type → description. */
  upload?: Record<string, string>;
  response?: z.ZodType;
  status?: number;
}

const list = <T extends z.ZodType>(t: T) => z.object({ object: z.literal('list'), data: z.array(t), has_more: z.boolean() });
const Deleted = z.object({ id: z.string(), object: z.string(), deleted: z.literal(true) });

export const ROUTE_DOCS: RouteDoc[] = [
  { method: 'get', path: '/health', tag: 'meta', summary: 'Liveness', auth: 'none' },
  { method: 'get', path: '/openapi.json', tag: 'meta', summary: 'This document', auth: 'none' },
  { method: 'get', path: '/docs', tag: 'meta', summary: 'Human-readable endpoint list', auth: 'none' },
  { method: 'get', path: '/', tag: 'meta', summary: 'The dashboard (HTML): datasets, jobs, adapters, playground and webhooks over this API, with a key you paste', auth: 'none' },
  { method: 'get', path: '/dashboard/:asset', tag: 'meta', summary: "The dashboard's script, stylesheet and icon (app.js, app.css, icon.svg)", auth: 'none' },

  { method: 'post', path: '/v1/tenants', tag: 'tenants', summary: 'Create a tenant (returns its first admin key once)', auth: 'root', body: { schema: CreateTenant }, response: TenantObject, status: 201 },
  { method: 'get', path: '/v1/tenants', tag: 'tenants', summary: 'List tenants', auth: 'root', response: list(TenantObject) },
  { method: 'post', path: '/v1/keys', tag: 'keys', summary: 'Create an API key (the secret is shown once)', auth: 'admin', body: { schema: CreateKey }, response: KeyObject, status: 201 },
  { method: 'get', path: '/v1/keys', tag: 'keys', summary: "List the tenant's keys (never their secrets)", auth: 'admin', response: list(KeyObject) },
  { method: 'delete', path: '/v1/keys/:id', tag: 'keys', summary: 'Revoke a key', auth: 'admin', response: KeyObject },

  { method: 'post', path: '/v1/datasets', tag: 'datasets', summary: 'Upload a dataset: streamed, validated line by line, cleaned, committed atomically', auth: 'train', query: UploadOptions, upload: { 'application/jsonl': 'JSONL records', 'text/csv': 'CSV with a header row', 'multipart/form-data': "a 'file' part; other parts as the query options" }, response: DatasetObject, status: 201 },
  { method: 'get', path: '/v1/datasets', tag: 'datasets', summary: 'List datasets (newest first)', auth: 'train', query: ListQuery, response: list(DatasetObject) },
  { method: 'get', path: '/v1/datasets/:id', tag: 'datasets', summary: 'A dataset with stats and a preview', auth: 'train', response: DatasetObject },
  { method: 'get', path: '/v1/datasets/:id/content', tag: 'datasets', summary: 'The cleaned records as JSONL', auth: 'train' },
  { method: 'delete', path: '/v1/datasets/:id', tag: 'datasets', summary: 'Delete a dataset (409 while an unfinished job uses it)', auth: 'train', response: Deleted },

  { method: 'post', path: '/v1/adapters', tag: 'adapters', summary: 'Upload a PEFT adapter, validated against its base model; adds a version', auth: 'train', body: { schema: UploadFields, type: 'multipart/form-data' }, upload: { 'multipart/form-data': 'parts adapter_config (adapter_config.json) and adapter_model (adapter_model.safetensors), plus the fields shown' }, response: AdapterObject, status: 201 },
  { method: 'get', path: '/v1/adapters', tag: 'adapters', summary: 'List adapters with versions, aliases and traffic', auth: 'infer', response: list(AdapterObject) },
  { method: 'get', path: '/v1/adapters/:name', tag: 'adapters', summary: 'One adapter', auth: 'infer', response: AdapterObject },
  { method: 'get', path: '/v1/adapters/:ref/resolve', tag: 'adapters', summary: 'Which version `name`, `name@3` or `name@alias` serves (follows the traffic split; `sticky` pins a caller)', auth: 'infer', query: ResolveQuery },
  { method: 'delete', path: '/v1/adapters/:name', tag: 'adapters', summary: 'Delete an adapter and all its versions', auth: 'train', response: Deleted },
  { method: 'delete', path: '/v1/adapters/:name/versions/:version', tag: 'adapters', summary: 'Delete one version (409 while an alias or the split uses it)', auth: 'train' },
  { method: 'put', path: '/v1/adapters/:name/aliases/:alias', tag: 'adapters', summary: 'Point an alias at a version', auth: 'train', body: { schema: SetAlias }, response: AdapterObject },
  { method: 'delete', path: '/v1/adapters/:name/aliases/:alias', tag: 'adapters', summary: 'Remove an alias', auth: 'train', response: AdapterObject },
  { method: 'put', path: '/v1/adapters/:name/traffic', tag: 'adapters', summary: 'Set the weighted traffic split of a bare name', auth: 'train', body: { schema: SetTraffic }, response: AdapterObject },
  { method: 'get', path: '/v1/adapters/:name/readout', tag: 'tracking', summary: 'A/B readout: per version requests, latency p50/mean, feedback with a 95% interval, eval scores', auth: 'infer' },
  { method: 'post', path: '/v1/adapters/:name/promote', tag: 'tracking', summary: 'Move 100% of traffic (the split, and optionally an alias) to the winning version', auth: 'train', body: { schema: Promote } },
  { method: 'put', path: '/v1/adapters/:name/aliases/:alias/monitor', tag: 'tracking', summary: "Register an alias's evaluation dataset, traffic sampling rate and drift thresholds", auth: 'train', body: { schema: SetMonitor } },
  { method: 'get', path: '/v1/adapters/:name/aliases/:alias/monitor', tag: 'tracking', summary: "An alias's drift monitor", auth: 'infer' },
  { method: 'get', path: '/v1/adapters/:name/monitors', tag: 'tracking', summary: "The adapter's drift monitors, one per monitored alias", auth: 'infer' },
  { method: 'get', path: '/v1/adapters/:name/aliases/:alias/drift', tag: 'tracking', summary: 'Drift report: evaluation set vs recent sampled traffic (perplexity ratio, length PSI, vocabulary JSD); updates the drifting flag and fires on_drift recipes', auth: 'infer', query: DriftQuery },
  { method: 'post', path: '/v1/completions/:id/feedback', tag: 'tracking', summary: 'Feedback on a completion served through an adapter (thumbs or a score in [0, 1])', auth: 'infer', body: { schema: Feedback } },
  { method: 'delete', path: '/v1/adapters/:name/traffic', tag: 'adapters', summary: 'Remove the traffic split', auth: 'train', response: AdapterObject },
  { method: 'get', path: '/v1/models', tag: 'inference', summary: "Base models and the tenant's adapters (OpenAI shape)", auth: 'infer' },
  { method: 'get', path: '/v1/models/:id', tag: 'inference', summary: 'One model', auth: 'infer' },
  { method: 'post', path: '/v1/completions', tag: 'inference', summary: 'Text completion with a base model or an adapter (stream: true for SSE)', auth: 'infer', body: { schema: CompletionBody } },
  { method: 'post', path: '/v1/chat/completions', tag: 'inference', summary: "Chat completion, rendered with the model's chat template (ChatML by default)", auth: 'infer', body: { schema: ChatBody } },

  { method: 'get', path: '/v1/methods', tag: 'fine-tuning', summary: "Fine-tuning methods (method.type of a job), each with its config as JSON Schema", auth: 'none', response: list(MethodObject) },
  { method: 'get', path: '/v1/methods/:name', tag: 'fine-tuning', summary: 'One method and its config schema', auth: 'none', response: MethodObject },
  { method: 'post', path: '/v1/fine_tuning/jobs', tag: 'fine-tuning', summary: 'Create a fine-tuning job (OpenAI shape; method.type is a plugin)', auth: 'train', body: { schema: CreateJob }, response: JobObject, status: 201 },
  { method: 'get', path: '/v1/fine_tuning/jobs', tag: 'fine-tuning', summary: 'List jobs (newest first)', auth: 'train', query: ListQuery, response: list(JobObject) },
  { method: 'get', path: '/v1/fine_tuning/jobs/:id', tag: 'fine-tuning', summary: 'One job', auth: 'train', response: JobObject },
  { method: 'post', path: '/v1/fine_tuning/jobs/:id/cancel', tag: 'fine-tuning', summary: 'Cancel a job that has not finished', auth: 'train', response: JobObject },
  { method: 'get', path: '/v1/fine_tuning/jobs/:id/events', tag: 'fine-tuning', summary: 'Job events, oldest first; Server-Sent Events with stream=true or Accept: text/event-stream', auth: 'train', query: EventsQuery, response: list(EventObject) },
  { method: 'get', path: '/v1/fine_tuning/jobs/:id/metrics', tag: 'fine-tuning', summary: "The run's tracking record: metrics series by step, final metrics, config and artifacts", auth: 'train' },
  { method: 'get', path: '/v1/fine_tuning/jobs/:id/checkpoints', tag: 'fine-tuning', summary: 'Checkpoints, newest step first', auth: 'train', response: list(CheckpointObject) },

  { method: 'post', path: '/v1/runner/lease', tag: 'runner', summary: 'Lease the oldest queued job (204 when none)', auth: 'runner', body: { schema: LeaseBody }, response: LeaseObject },
  { method: 'post', path: '/v1/runner/heartbeat', tag: 'runner', summary: 'Extend the lease, report progress and metrics; cancel: true means stop', auth: 'runner', body: { schema: HeartbeatBody } },
  { method: 'post', path: '/v1/runner/checkpoint', tag: 'runner', summary: 'Record an uploaded artifact as the checkpoint of a step', auth: 'runner', body: { schema: CheckpointBody }, status: 201 },
  { method: 'post', path: '/v1/runner/complete', tag: 'runner', summary: 'Finish the job with an uploaded adapter artifact (idempotent)', auth: 'runner', body: { schema: CompleteBody }, response: JobObject },
  { method: 'post', path: '/v1/runner/fail', tag: 'runner', summary: 'Report a failure; retryable ones are requeued with backoff', auth: 'runner', body: { schema: FailBody }, response: JobObject },
  { method: 'post', path: '/v1/runner/release', tag: 'runner', summary: 'Hand the job back now (a runner shutting down); it is requeued and resumes from its last checkpoint', auth: 'runner', body: { schema: ReleaseBody }, response: JobObject },
  { method: 'get', path: '/v1/runner/leases/:lease/model', tag: 'runner', summary: "The base model's files with their sha256 (where the deployment serves them)", auth: 'runner', response: ModelManifest },
  { method: 'get', path: '/v1/runner/leases/:lease/model/:name', tag: 'runner', summary: 'Download one base model file', auth: 'runner' },
  { method: 'get', path: '/v1/runner/leases/:lease/files/:which', tag: 'runner', summary: "Download the job's training_file or validation_file (JSONL)", auth: 'runner' },
  { method: 'head', path: '/v1/runner/leases/:lease/artifacts/:sha256', tag: 'runner', summary: 'Is this artifact stored already?', auth: 'runner' },
  { method: 'get', path: '/v1/runner/leases/:lease/artifacts/:sha256', tag: 'runner', summary: 'Download an artifact (resume from a checkpoint)', auth: 'runner' },
  { method: 'put', path: '/v1/runner/leases/:lease/artifacts/:sha256', tag: 'runner', summary: 'Upload an artifact by content hash (stored once; 201 new, 200 known)', auth: 'runner', upload: { 'application/octet-stream': 'the bytes whose sha256 is in the path' } },

  { method: 'post', path: '/v1/hooks', tag: 'webhooks', summary: 'Save a recipe that signed webhooks turn into jobs (the secret is shown once)', auth: 'train', body: { schema: CreateHook }, status: 201 },
  { method: 'get', path: '/v1/hooks', tag: 'webhooks', summary: 'List hooks', auth: 'train' },
  { method: 'get', path: '/v1/hooks/:id', tag: 'webhooks', summary: 'A hook and its received deliveries', auth: 'train' },
  { method: 'delete', path: '/v1/hooks/:id', tag: 'webhooks', summary: 'Delete a hook', auth: 'train', response: Deleted },
  { method: 'post', path: '/v1/hooks/:id', tag: 'webhooks', summary: 'Inbound delivery: HMAC-SHA256 of `${timestamp}.${body}` in edgetune-signature (v1=hex), edgetune-timestamp within 5 minutes, unique edgetune-delivery', auth: 'signature', body: { schema: HookPayload }, status: 202 },
  { method: 'post', path: '/v1/webhooks', tag: 'webhooks', summary: 'Subscribe a URL to events (signed the same way; the secret is shown once)', auth: 'admin', body: { schema: CreateWebhook }, status: 201 },
  { method: 'get', path: '/v1/webhooks', tag: 'webhooks', summary: 'List subscriptions', auth: 'admin' },
  { method: 'get', path: '/v1/webhooks/:id', tag: 'webhooks', summary: 'One subscription', auth: 'admin' },
  { method: 'get', path: '/v1/webhooks/:id/deliveries', tag: 'webhooks', summary: 'Delivery log: attempts, status codes, errors', auth: 'admin', query: DeliveriesQuery },
  { method: 'delete', path: '/v1/webhooks/:id', tag: 'webhooks', summary: 'Unsubscribe (pending deliveries are dropped)', auth: 'admin', response: Deleted },
];


