import { nativeAdapterConfig, readNativeAdapterConfig, withTrainedTensors, type AdapterFiles, type AdapterState, type HostTensor } from '@edgetune/core';
import { LayerwiseConfig } from './config.ts';

/**
 * Native edgetune adapter: adapter_config.json (peft_type null, edgetune_method 'layerwise') and every
 * trainable tensor under its HF name. Blocks the run never reached are saved unchanged.
 */
export function saveLayerwise(state: AdapterState<LayerwiseConfig>): AdapterFiles {
  return { config: nativeAdapterConfig('layerwise', state.config), tensors: new Map(state.tensors) };
}

export function loadLayerwise(files: AdapterFiles): AdapterState<LayerwiseConfig> | undefined {
  const config = readNativeAdapterConfig(files, 'layerwise', LayerwiseConfig);
  return config && { method: 'layerwise', config, tensors: new Map(files.tensors) };
}

/** Trained tensors replace the base's (exact). */
export function mergeLayerwise(state: AdapterState<LayerwiseConfig>, base: Map<string, HostTensor>): Map<string, HostTensor> {
  return withTrainedTensors('layerwise', base, state.tensors);
}
