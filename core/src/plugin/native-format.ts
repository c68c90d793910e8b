import type { z } from 'zod';
import type { HostTensor } from '../graph/index.ts';
import { withTrainedTensors } from './base-names.ts';
import type { AdapterFiles, AdapterState } from './types.ts';

/**
 * adapter_config.json for methods PEFT does not have (bottleneck adapters, full, frozen, layer-wise):
 * PEFT's envelope fields with `peft_type: null`, plus `edgetune_method` naming the plugin, then the
 * method's own config fields at the top level (as PEFT lays out its configs). PEFT refuses such a
 * folder (no peft_type), which is right: it cannot compute these methods.
 */
export const NATIVE_ENVELOPE = { peft_type: null, task_type: 'CAUSAL_LM', edgetune_format: 1 } as const;

export function nativeAdapterConfig(method: string, config: object): Record<string, unknown> {
  return { ...config, ...NATIVE_ENVELOPE, edgetune_method: method };
}

/**
 * The method config from a native adapter_config.json, or undefined when the files belong to another
 * method. Envelope fields are dropped before validation; a config that fails the schema throws.
 */
export function readNativeAdapterConfig<S extends z.ZodType>(files: AdapterFiles, method: string, schema: S): z.output<S> | undefined {
  const { peft_type, task_type, edgetune_format, edgetune_method, ...rest } = files.config;
  if (edgetune_method !== method || peft_type != null) return undefined;
  if (edgetune_format !== NATIVE_ENVELOPE.edgetune_format) throw new Error(`${method}: adapter_config.json has edgetune_format ${String(edgetune_format)}, expected ${NATIVE_ENVELOPE.edgetune_format}`);
  const parsed = schema.safeParse(rest);
  if (!parsed.success) {
    throw new Error(`${method}: adapter_config.json is not a valid ${method} config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * save, load and merge for methods that train base tensors under their Hugging Face names (full, frozen,
 * layer-wise): a native config plus the trained tensors; merging swaps them into the base, exactly.
 */
export function trainedTensorsIo<S extends z.ZodType>(method: string, schema: S) {
  type C = z.output<S>;
  return {
    save: (state: AdapterState<C>): AdapterFiles => ({ config: nativeAdapterConfig(method, state.config as object), tensors: new Map(state.tensors) }),
    load: (files: AdapterFiles): AdapterState<C> | undefined => {
      const config = readNativeAdapterConfig(files, method, schema);
      return config && { method, config, tensors: new Map(files.tensors) };
    },
    merge: (state: AdapterState<C>, base: Map<string, HostTensor>): Map<string, HostTensor> => withTrainedTensors(method, base, state.tensors),
  };
}
