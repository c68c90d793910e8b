// zod issues → one 422 naming the first failing field (and how many more there are).
import type { z } from 'zod';
import { EdgetuneError } from './edgetune-error.ts';

export function issuePath(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): string {
  const path = [...prefix, ...issue.path];
  // unknown keys: name the key itself, not its parent object
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path.push(issue.keys[0]!);
  return path.map(String).join('.');
}

export function fromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): EdgetuneError {
  const first = error.issues[0]!;
  const field = issuePath(first, prefix);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  const where = field === '' ? 'body' : `'${field}'`;
  return new EdgetuneError('invalid_field', `${where}: ${first.message}${more}`, { field: field === '' ? undefined : field });
}

/** Parses or throws the 422. */
export function parseOr<S extends z.ZodType>(schema: S, value: unknown, prefix: readonly PropertyKey[] = []): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw fromZod(r.error, prefix);
  return r.data;
}
