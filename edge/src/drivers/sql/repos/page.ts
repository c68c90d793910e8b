import type { PageOf } from '../../../ports/metadata.ts';

/** Keyset pages: the query asks for limit + 1 rows; the extra one only says there is more. */
export function pageOf<T>(rows: T[], limit: number): PageOf<T> {
  return { data: rows.slice(0, limit), has_more: rows.length > limit };
}
