import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validatePluginShape } from './define-method.ts';
import type { MethodPlugin } from './types.ts';

/** Methods shipped in plugins/*, loaded on first use. */
export const BUILTIN_METHODS = ['lora', 'dora', 'ia3', 'qlora', 'adapter', 'full', 'frozen', 'layerwise', 'prompt-tuning', 'p-tuning', 'prefix-tuning'] as const;

/** Method plugins by name, filled by built-ins and by third-party packages or paths. */
export class MethodRegistry {
  private readonly methods = new Map<string, MethodPlugin>();

  register(plugin: MethodPlugin, source = 'inline'): MethodPlugin {
    const problems = validatePluginShape(plugin);
    if (problems.length) {
      const name = typeof (plugin as { name?: unknown } | null)?.name === 'string' ? ` '${plugin.name}'` : '';
      throw new Error(`method plugin${name} from ${source} is invalid: ${problems.join('; ')}`);
    }
    const existing = this.methods.get(plugin.name);
    if (existing && existing !== plugin) throw new Error(`plugin '${plugin.name}' from ${source}: a method with that name is already registered`);
    this.methods.set(plugin.name, plugin);
    return plugin;
  }

  /** Loads a plugin from an npm package name or a local path (its default export, or `plugin`). */
  async load(spec: string, cwd = process.cwd()): Promise<MethodPlugin> {
    const isPath = spec.startsWith('.') || isAbsolute(spec);
    const target = isPath ? pathToFileURL(resolve(cwd, spec)).href : spec;
    let mod: Record<string, unknown>;
    try {
      mod = await import(target);
    } catch (err) {
      throw new Error(`cannot load method plugin '${spec}': ${(err as Error).message}`);
    }
    const plugin = (mod.default ?? mod.plugin) as MethodPlugin;
    if (plugin === undefined) throw new Error(`method plugin '${spec}' exports no plugin: export it as default (or as \`plugin\`)`);
    return this.register(plugin, `'${spec}'`);
  }

  async get(name: string): Promise<MethodPlugin> {
    const hit = this.methods.get(name);
    if (hit) return hit;
    if ((BUILTIN_METHODS as readonly string[]).includes(name)) return this.load(`@edgetune/plugin-${name}`);
    throw new Error(`unknown method '${name}'; known methods: ${this.names().join(', ')}`);
  }

  /** Every built-in, loaded, plus whatever was registered. */
  async all(): Promise<MethodPlugin[]> {
    for (const name of BUILTIN_METHODS) await this.get(name);
    return [...this.methods.values()];
  }

  names(): string[] {
    return [...new Set([...BUILTIN_METHODS, ...this.methods.keys()])].sort();
  }

  /** Finds the plugin that recognizes an adapter's files (by PEFT type, or edgetune_method for native ones). */
  async forAdapter(config: Record<string, unknown>): Promise<MethodPlugin> {
    for (const plugin of await this.all()) {
      const claims = plugin.peftType ? plugin.peftType === config.peft_type : config.edgetune_method === plugin.name;
      if (claims && plugin.load({ config, tensors: new Map() })) return plugin;
    }
    const kind = config.edgetune_method ? `edgetune_method '${String(config.edgetune_method)}'` : `peft_type '${String(config.peft_type)}'`;
    throw new Error(`no method plugin reads adapters of ${kind}`);
  }
}

export const methods = new MethodRegistry();
