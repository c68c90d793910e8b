// The runner lease protocol: lease → heartbeat → checkpoint → complete | fail | release.
import { z } from 'zod';
import { Sha256 } from './common.ts';

const LeaseId = z.string().regex(/^lease_[a-z2-7]{20}$/, 'expected a lease id');
const Metrics = z.record(z.string().max(64), z.number().refine(Number.isFinite, 'must be finite'));

export const LeaseBody = z.strictObject({
  runner_id: z.string().min(1).max(128).describe('a stable name for the runner, for logs'),
  ttl_s: z.number().int().min(5).max(3600).optional().describe('lease length; default from the server config'),
});

export const HeartbeatBody = z.strictObject({
  lease_id: LeaseId,
  ttl_s: z.number().int().min(5).max(3600).optional(),
  progress: z.strictObject({ step: z.number().int().nonnegative(), total_steps: z.number().int().positive() }).optional(),
  metrics: Metrics.optional(),
  messages: z.array(z.string().min(1).max(1000)).max(20).optional().describe("notes for the job's events (the device chosen, a resume), one event each"),
});

export const CheckpointBody = z.strictObject({
  lease_id: LeaseId,
  step: z.number().int().nonnegative(),
  sha256: Sha256.describe('an artifact already uploaded with PUT …/artifacts/{sha256}'),
  metrics: Metrics.default({}),
});

export const CompleteBody = z.strictObject({
  lease_id: LeaseId,
  sha256: Sha256.describe('the packed adapter artifact (safetensors with adapter_config in its metadata)'),
  trained_tokens: z.number().int().nonnegative().optional(),
  metrics: Metrics.optional(),
});

export const FailBody = z.strictObject({
  lease_id: LeaseId,
  error: z.strictObject({ code: z.string().min(1).max(64), message: z.string().min(1).max(4000) }),
  retryable: z.boolean().default(false),
});

export const ReleaseBody = z.strictObject({
  lease_id: LeaseId,
  reason: z.string().min(1).max(500).default('runner shutting down'),
});

const ModelFile = z.object({ name: z.string(), bytes: z.number().int(), sha256: z.string(), url: z.string() });

export const ModelManifest = z.object({
  object: z.literal('runner.model'),
  id: z.string(),
  sha256: z.string().describe('hash of the sorted (name, sha256) list: one cache key for the whole folder'),
  files: z.array(ModelFile),
});

export const LeaseObject = z.object({
  object: z.literal('runner.lease'),
  lease_id: z.string(),
  expires_at: z.number().int().describe('ms since the epoch'),
  ttl_ms: z.number().int().describe('the lease length; heartbeat well within it'),
  attempt: z.number().int(),
  job: z.record(z.string(), z.unknown()),
  base_model: z.object({ id: z.string(), config: z.record(z.string(), z.unknown()), url: z.string().nullable().describe('the model files manifest, when this deployment serves them') }),
  files: z.record(z.string(), z.object({ id: z.string(), kind: z.string(), records: z.number().int(), sha256: z.string(), url: z.string() })),
  resume_from: z.object({ step: z.number().int(), sha256: z.string(), url: z.string() }).nullable(),
});
