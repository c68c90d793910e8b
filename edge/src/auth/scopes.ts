import type { Scope } from '../ports/rows.ts';

/** admin can do everything its tenant can; other scopes grant only themselves. */
export function hasScope(granted: readonly Scope[], needed: Scope): boolean {
  return granted.includes('admin') || granted.includes(needed);
}
