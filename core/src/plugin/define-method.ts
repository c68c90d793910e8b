import type { MethodPlugin } from './types.ts';

const NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Declares a method plugin. Checks its shape early so a broken plugin fails where it is written. */
export function defineMethod<C>(plugin: MethodPlugin<C>): MethodPlugin<C> {
  const problems = validatePluginShape(plugin);
  if (problems.length) throw new Error(`invalid method plugin '${String((plugin as { name?: unknown })?.name)}': ${problems.join('; ')}`);
  return Object.freeze(plugin);
}

export function validatePluginShape(plugin: unknown): string[] {
  const p = plugin as Partial<MethodPlugin> | null;
  if (!p || typeof p !== 'object') return ['a plugin must be an object'];
  const problems: string[] = [];
  if (typeof p.name !== 'string' || !NAME.test(p.name)) problems.push("'name' must be a lowercase identifier like 'lora'");
  if (typeof p.description !== 'string') problems.push("'description' must be a string");
  if (!p.config || typeof (p.config as { safeParse?: unknown }).safeParse !== 'function') problems.push("'config' must be a zod schema");
  for (const fn of ['apply', 'save', 'load'] as const) if (typeof p[fn] !== 'function') problems.push(`'${fn}' must be a function`);
  for (const fn of ['merge', 'lrScale'] as const) if (p[fn] !== undefined && typeof p[fn] !== 'function') problems.push(`'${fn}' must be a function when present`);
  return problems;
}
