// Limits of the Worker: the same EDGETUNE_<SNAKE_CASE> vars as on Node, with the upload limits
// held to what one staged R2 write may buffer (EDGETUNE_MAX_STAGED_BYTES, 32 MiB by default:
// a staged write lives in the isolate's 128 MB until commit; see r2-blob-store.ts).
import { Limits } from '../../config.ts';

export const DEFAULT_MAX_STAGED_BYTES = 32 * 1024 * 1024;

const varName = (field: string) => `EDGETUNE_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** `env` holds bindings besides the vars; only EDGETUNE_* strings are read. */
export function workerLimits(env: object): { limits: Limits; maxStagedBytes: number } {
  const vars = env as Record<string, unknown>;
  const staged = vars.EDGETUNE_MAX_STAGED_BYTES;
  const maxStagedBytes = staged === undefined ? DEFAULT_MAX_STAGED_BYTES : Number(staged);
  if (!Number.isInteger(maxStagedBytes) || maxStagedBytes <= 0) throw new Error(`EDGETUNE_MAX_STAGED_BYTES must be a positive integer, got '${String(staged)}'`);
  const raw: Record<string, unknown> = {};
  for (const field of Object.keys(Limits.shape)) {
    const v = vars[varName(field)];
    if (v !== undefined) raw[field] = v;
  }
  const parsed = Limits.parse(raw);
  const cap = (n: number) => Math.min(n, maxStagedBytes);
  return {
    limits: { ...parsed, maxDatasetBytes: cap(parsed.maxDatasetBytes), maxAdapterBytes: cap(parsed.maxAdapterBytes), maxArtifactBytes: cap(parsed.maxArtifactBytes) },
    maxStagedBytes,
  };
}
