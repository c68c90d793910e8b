// MethodCatalog over core's plugin registry (built-ins load on first use; others register).
import { methods as registry, type MethodRegistry } from '@edgetune/core/plugin/index.ts';
import type { MethodCatalog } from '../../ports/methods.ts';

export function coreMethods(reg: MethodRegistry = registry): MethodCatalog {
  const load = async (name: string) => {
    if (!reg.names().includes(name)) return undefined;
    try {
      return await reg.get(name);
    } catch {
      return undefined;
    }
  };
  return {
    names: () => reg.names(),
    get: async (name) => {
      const p = await load(name);
      return p && { name: p.name, peftType: p.peftType, description: p.description };
    },
    checkConfig: async (name, config) => {
      const p = await load(name);
      if (!p) throw new Error(`unknown method '${name}'`);
      const r = p.config.safeParse(config);
      return r.success ? { ok: true, config: r.data } : { ok: false, issues: r.error.issues };
    },
    readAdapter: async (files) => {
      const plugin = await reg.forAdapter(files.config);
      const state = plugin.load(files as Parameters<typeof plugin.load>[0]);
      if (!state) throw new Error(`method '${plugin.name}' does not read these files`);
      return { method: plugin.name, config: state.config };
    },
  };
}
