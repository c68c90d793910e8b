import type { HostTensor } from '../graph/index.ts';
import type { AdapterFiles } from '../plugin/index.ts';
import type { ModelConfig } from '../weights/index.ts';
import { adapterBytes, type ServeAdapter } from './adapter.ts';
import { ServeError } from './errors.ts';
import { prepareDora } from './prepare-dora.ts';
import { prepareIA3 } from './prepare-ia3.ts';
import { prepareLora } from './prepare-lora.ts';
import { preparePrefix, preparePrompt } from './prepare-prompt.ts';
import { serveSites, type ServeSite } from './sites.ts';

export interface BaseForServing {
  readonly config: ModelConfig;
  readonly tensors: ReadonlyMap<string, HostTensor>;
}

/** The method plugin that owns an adapter_config.json, by PEFT type (edgetune_method for native ones). */
export function methodOf(config: Record<string, unknown>): string {
  const type = config.peft_type;
  if (type === 'LORA') return config.use_dora === true ? 'dora' : 'lora';
  const byType: Record<string, string> = { IA3: 'ia3', PROMPT_TUNING: 'prompt-tuning', P_TUNING: 'p-tuning', PREFIX_TUNING: 'prefix-tuning' };
  const name = typeof type === 'string' ? byType[type] : typeof config.edgetune_method === 'string' ? config.edgetune_method : undefined;
  if (!name) throw new ServeError('invalid_adapter', `adapter_config.json has no servable peft_type (got ${JSON.stringify(type)})`);
  return name;
}

const sitesByConfig = new WeakMap<ModelConfig, ReadonlyMap<string, ServeSite>>();

/** The adaptable linears of a base model by path, worked out once per model rather than per upload. */
function sitesOf(config: ModelConfig): ReadonlyMap<string, ServeSite> {
  let sites = sitesByConfig.get(config);
  if (!sites) sitesByConfig.set(config, (sites = new Map(serveSites(config).map((s) => [s.path, s]))));
  return sites;
}

/** Turns PEFT-format adapter files (saved tensor names) into the arrays the serving graphs take as inputs. */
export function prepareAdapter(id: string, files: AdapterFiles, base: BaseForServing): ServeAdapter {
  const sites = sitesOf(base.config);
  const type = String(files.config.peft_type ?? files.config.edgetune_method);
  try {
    let parts: Omit<ServeAdapter, 'bytes' | 'id' | 'method'>;
    if (type === 'LORA') {
      const lora = prepareLora(files, sites);
      parts = files.config.use_dora === true ? { lora, scales: prepareDora(files, lora, sites, base.tensors) } : { lora };
    } else if (type === 'IA3') parts = { scales: prepareIA3(files, sites, base.tensors) };
    else if (type === 'PROMPT_TUNING' || type === 'P_TUNING') parts = { prompt: preparePrompt(files, base.config) };
    else if (type === 'PREFIX_TUNING') parts = { prefix: preparePrefix(files, base.config) };
    else throw new Error(`adapters of type '${type}' cannot be served hot-swapped (serve them merged, if the method merges)`);
    const method = type === 'LORA' && files.config.use_dora === true ? 'DORA' : type;
    return { id, method, ...parts, bytes: adapterBytes(parts) };
  } catch (err) {
    if (err instanceof ServeError) throw err;
    throw new ServeError('invalid_adapter', `adapter ${id}: ${(err as Error).message}`);
  }
}
