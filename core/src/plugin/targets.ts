import type { LinearSite } from '../models/index.ts';

/**
 * PEFT's target_modules matching: a list matches a module whose path equals an entry or ends with
 * '.entry'; a string is a regular expression that must match the whole path, or 'all-linear'.
 */
export function matchesTarget(site: Pick<LinearSite, 'path' | 'layer'>, targets: string | readonly string[], layers?: readonly number[] | null): boolean {
  if (layers && !layers.includes(site.layer)) return false;
  if (targets === 'all-linear') return true; // PEFT's shorthand: every linear but the output head (never a site)
  if (typeof targets === 'string') return new RegExp(`^(?:${targets})$`).test(site.path);
  return targets.some((t) => site.path === t || site.path.endsWith(`.${t}`));
}
