import { nativeAdapterConfig, readNativeAdapterConfig, withTrainedTensors, type AdapterFiles, type AdapterState, type HostTensor } from '@edgetune/core';
import { FullConfig } from './config.ts';

/**
 * Saved as a native edgetune adapter folder: adapter_config.json (peft_type null, edgetune_method 'full')
 * and adapter_model.safetensors with every trained tensor under its Hugging Face name. With
 * train_embeddings (the default) that file is a complete model.safetensors for the base's config.json.
 */
export function saveFull(state: AdapterState<FullConfig>): AdapterFiles {
  return { config: nativeAdapterConfig('full', state.config), tensors: new Map(state.tensors) };
}

export function loadFull(files: AdapterFiles): AdapterState<FullConfig> | undefined {
  const config = readNativeAdapterConfig(files, 'full', FullConfig);
  return config && { method: 'full', config, tensors: new Map(files.tensors) };
}

/** The base with its trained tensors replaced: what full fine-tuning means, so merging is exact. */
export function mergeFull(state: AdapterState<FullConfig>, base: Map<string, HostTensor>): Map<string, HostTensor> {
  return withTrainedTensors('full', base, state.tensors);
}
