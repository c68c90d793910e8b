import { methods, type AdapterFiles, type MethodRegistry } from '../plugin/index.ts';
import { ServeError } from './errors.ts';
import { methodOf, type BaseForServing } from './prepare.ts';

/**
 * Base weights with one adapter folded in by its method plugin's merge (LoRA, DoRA, IA3, ...): give the
 * result to ServeEngine with `merged: <adapter id>` to serve one hot adapter at base-model speed. The
 * engine, graphs and cache are the same as in hot-swap mode; only the initializers differ.
 */
export async function mergedBase(base: BaseForServing, files: AdapterFiles, registry: MethodRegistry = methods): Promise<BaseForServing> {
  const plugin = await registry.get(methodOf(files.config));
  if (!plugin.merge) throw new ServeError('invalid_adapter', `method '${plugin.name}' cannot be merged; serve it hot-swapped`);
  const state = plugin.load(files);
  if (!state) throw new ServeError('invalid_adapter', `method '${plugin.name}' does not read this adapter`);
  return { config: base.config, tensors: plugin.merge(state, new Map(base.tensors), base.config) };
}
