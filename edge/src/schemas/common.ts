// Shapes shared by several endpoints.
import { z } from 'zod';

/** Names of datasets, adapters, hooks: lowercase, digits, `.`, `_`, `-`; starts with a letter or digit. */
export const Name = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'use 1-64 of a-z 0-9 . _ - (starting with a letter or digit)');

export const ListQuery = z.strictObject({
  after: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha256');

export const ErrorResponse = z.object({
  error: z.object({ type: z.string(), code: z.string(), message: z.string(), param: z.string().nullable(), line: z.number().int().optional() }),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ object: z.literal('list'), data: z.array(item), has_more: z.boolean() });

/** Milliseconds → OpenAI's unix seconds. */
export const seconds = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000));
