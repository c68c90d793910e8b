// Limits and timings of the edge app, validated once (env vars arrive as strings).
import { z } from 'zod';

const MiB = 1024 * 1024;

export const Limits = z.object({
  /** Dataset uploads (raw or multipart). */
  maxDatasetBytes: z.coerce.number().int().positive().default(256 * MiB),
  /** One record of a dataset. */
  maxRecordBytes: z.coerce.number().int().positive().default(4 * MiB),
  /** Adapter uploads (config + weights). */
  maxAdapterBytes: z.coerce.number().int().positive().default(512 * MiB),
  /** Runner artifacts (checkpoints, adapters). */
  maxArtifactBytes: z.coerce.number().int().positive().default(512 * MiB),
  /** Any JSON body. */
  maxJsonBytes: z.coerce.number().int().positive().default(1 * MiB),
  /** A runner's lease lasts this long without a heartbeat. */
  leaseTtlMs: z.coerce.number().int().positive().default(120_000),
  /** Leases a job may take before it fails for good. */
  maxAttempts: z.coerce.number().int().positive().default(3),
  /** Retry delay after a retryable runner failure: base · 2^(attempt-1). */
  retryBaseMs: z.coerce.number().int().nonnegative().default(5_000),
  /** Inbound webhook timestamps further than this from now are rejected. */
  hookToleranceMs: z.coerce.number().int().positive().default(5 * 60_000),
  /** How often an SSE event stream polls for new events. */
  ssePollMs: z.coerce.number().int().positive().default(500),
  /** Outbound webhook deliveries: attempts before giving up, first retry delay (doubles). */
  webhookMaxAttempts: z.coerce.number().int().positive().default(6),
  webhookRetryBaseMs: z.coerce.number().int().positive().default(10_000),
  /** Outbound webhooks to loopback, private and link-local hosts (see services/webhooks/target.ts). */
  allowPrivateWebhooks: z.union([z.boolean(), z.stringbool()]).default(false),
});
export type Limits = z.output<typeof Limits>;

export const defaultLimits = (): Limits => Limits.parse({});
