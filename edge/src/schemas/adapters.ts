import { z } from 'zod';
import { Name } from './common.ts';

/** Not all digits, so `name@3` (a version) and `name@prod` (an alias) never collide. */
export const AliasName = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'aliases start with a letter: a-z 0-9 _ - (up to 32)');

export const UploadFields = z.strictObject({
  name: Name,
  base_model: z.string().min(1),
  aliases: z.string().optional().describe('comma-separated aliases to point at the new version'),
});

export const SetAlias = z.strictObject({ version: z.number().int().positive() });

export const SetTraffic = z.strictObject({
  routes: z.array(z.strictObject({
    target: z.string().regex(/^(\d+|[a-z][a-z0-9_-]{0,31})$/, 'a version number or an alias'),
    weight: z.number().positive().max(1_000_000),
  })).min(1).max(16)
    .refine((r) => new Set(r.map((x) => x.target)).size === r.length, 'targets must not repeat'),
});

export const ResolveQuery = z.strictObject({ sticky: z.string().max(256).optional() });

export const VersionObject = z.object({
  object: z.literal('adapter.version'), id: z.string(), version: z.number().int(), method: z.string(), rank: z.number().int().nullable(),
  sha256: z.string(), bytes: z.number().int(), source_job_id: z.string().nullable(), created_at: z.number().int(),
});

export const AdapterObject = z.object({
  id: z.string(), object: z.literal('adapter'), name: z.string(), base_model: z.string(), created_at: z.number().int(),
  updated_at: z.number().int(), versions: z.array(VersionObject), aliases: z.record(z.string(), z.number().int()),
  traffic: z.array(z.object({ target: z.string(), weight: z.number() })).nullable(),
});
