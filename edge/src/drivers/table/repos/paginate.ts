import type { Page, PageOf } from '../../../ports/metadata.ts';

/** Rows already in list order; the page starts after the row whose id is `page.after`. */
export function paginate<T extends { id: string }>(rows: T[], page: Page): PageOf<T> {
  let start = 0;
  if (page.after !== undefined) {
    const i = rows.findIndex((r) => r.id === page.after);
    start = i < 0 ? rows.length : i + 1;
  }
  const data = rows.slice(start, start + page.limit);
  return { data, has_more: start + page.limit < rows.length };
}

/** Newest first; ties broken by id so pages are stable. */
export const newestFirst = <T extends { id: string; created_at: number }>(a: T, b: T) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1);
