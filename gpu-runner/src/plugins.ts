// Method plugins for the runner: built-ins by name, npm packages and local paths through core's
// registry (`--plugins lora,@acme/method,./my-method.ts`). A plugin's own code is wrapped so what
// it throws is told apart from the runner's failures: a broken plugin fails its job for good
// instead of being retried on every runner.
import { BUILTIN_METHODS, methods, type MethodPlugin, type MethodRegistry } from '@edgetune/core/plugin/index.ts';

export class PluginError extends Error {
  readonly code = 'plugin_error';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PluginError';
  }
}

/** Loads each spec (a built-in name, a package or a path relative to `cwd`); returns the method names. */
export async function loadPlugins(specs: readonly string[], registry: MethodRegistry = methods, cwd = process.cwd()): Promise<string[]> {
  const names: string[] = [];
  for (const spec of specs) {
    const builtin = (BUILTIN_METHODS as readonly string[]).includes(spec);
    names.push((builtin ? await registry.get(spec) : await registry.load(spec, cwd)).name);
  }
  return names;
}

export const splitSpecs = (list: string | undefined) => (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** The job's method, wrapped; an unknown one is a plain Error (another runner may have it). */
export async function methodFor(type: string, registry: MethodRegistry = methods): Promise<MethodPlugin> {
  return guarded(await registry.get(type));
}

function rethrow(plugin: string, fn: string, e: unknown): never {
  if (e instanceof PluginError) throw e;
  throw new PluginError(`method plugin '${plugin}' failed in ${fn}(): ${(e as Error)?.message ?? String(e)}`, { cause: e });
}

/** A copy of the plugin whose functions turn anything they throw (or reject with) into a PluginError. */
export function guarded(plugin: MethodPlugin): MethodPlugin {
  const out: Record<string, unknown> = { ...plugin };
  for (const [key, value] of Object.entries(plugin)) {
    if (typeof value !== 'function') continue;
    out[key] = function (this: unknown, ...args: unknown[]) {
      let r: unknown;
      try {
        r = (value as (...a: unknown[]) => unknown).apply(plugin, args);
      } catch (e) {
        rethrow(plugin.name, key, e);
      }
      return r instanceof Promise ? r.catch((e: unknown) => rethrow(plugin.name, key, e)) : r;
    };
  }
  return out as unknown as MethodPlugin;
}
