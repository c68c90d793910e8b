import { nativeAdapterConfig, readNativeAdapterConfig, withTrainedTensors, type AdapterFiles, type AdapterState, type HostTensor } from '@edgetune/core';
import { FrozenConfig } from './config.ts';

/** Native edgetune adapter: adapter_config.json (peft_type null, edgetune_method 'frozen') + trained tensors by HF name. */
export function saveFrozen(state: AdapterState<FrozenConfig>): AdapterFiles {
  return { config: nativeAdapterConfig('frozen', state.config), tensors: new Map(state.tensors) };
}

export function loadFrozen(files: AdapterFiles): AdapterState<FrozenConfig> | undefined {
  const config = readNativeAdapterConfig(files, 'frozen', FrozenConfig);
  return config && { method: 'frozen', config, tensors: new Map(files.tensors) };
}

/** Trained tensors replace the base's: exact, so a partially tuned model serves as a plain model. */
export function mergeFrozen(state: AdapterState<FrozenConfig>, base: Map<string, HostTensor>): Map<string, HostTensor> {
  return withTrainedTensors('frozen', base, state.tensors);
}
