import { nativeAdapterConfig, readNativeAdapterConfig, type AdapterFiles, type AdapterState } from '@edgetune/core';
import { AdapterConfig } from './config.ts';

/**
 * PEFT has no bottleneck adapters, so this is a native edgetune adapter folder: adapter_config.json with
 * peft_type null, edgetune_method 'adapter' and the config fields; adapter_model.safetensors with the
 * adapter tensors ('transformer.h.0.adapter.mlp.down.weight', …) and, with train_layer_norms, the
 * trained norms under their HF names. Saved names are the in-memory names.
 */
export function saveAdapter(state: AdapterState<AdapterConfig>): AdapterFiles {
  return { config: nativeAdapterConfig('adapter', state.config), tensors: new Map(state.tensors) };
}

export function loadAdapter(files: AdapterFiles): AdapterState<AdapterConfig> | undefined {
  const config = readNativeAdapterConfig(files, 'adapter', AdapterConfig);
  return config && { method: 'adapter', config, tensors: new Map(files.tensors) };
}
