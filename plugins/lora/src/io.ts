import type { AdapterFiles, AdapterState } from '@edgetune/core';
import { LoraConfig } from './config.ts';

/** Every field PEFT 0.21 writes for a LoraConfig, with its defaults, so saved configs match PEFT's. */
export const PEFT_LORA_DEFAULTS: Record<string, unknown> = {
  alora_invocation_tokens: null, alpha_pattern: {}, arrow_config: null, auto_mapping: null,
  base_model_name_or_path: null, bias: 'none', corda_config: null, ensure_weight_tying: false,
  eva_config: null, exclude_modules: null, fan_in_fan_out: false, inference_mode: true,
  init_lora_weights: true, kasa_config: null, layer_replication: null, layers_pattern: null,
  layers_to_transform: null, loftq_config: {}, lora_alpha: 8, lora_bias: false, lora_dropout: 0.0,
  lora_ga_config: null, megatron_config: null, megatron_core: 'megatron.core', modules_to_save: null,
  monteclora_config: null, peft_type: 'LORA', peft_version: '0.21.0', qalora_group_size: 16, r: 8,
  rank_pattern: {}, revision: null, target_modules: null, target_parameters: null, task_type: 'CAUSAL_LM',
  trainable_token_indices: null, use_bdlora: null, use_dora: false, use_qalora: false, use_rslora: false,
  velora_config: null,
};

/** PEFT drops the adapter name ('.default') from tensor keys on save. */
export const toSavedName = (name: string) => name.replace('.default.', '.');
export const toMemoryName = (name: string) => name.replace(/\.(lora_A|lora_B)\.weight$/, '.$1.default.weight');

export function saveLora(state: AdapterState<LoraConfig>): AdapterFiles {
  const config = { ...PEFT_LORA_DEFAULTS, ...state.config, peft_type: 'LORA', use_dora: false };
  const tensors = new Map([...state.tensors].map(([k, v]) => [toSavedName(k), v]));
  return { config, tensors };
}

export function loadLora(files: AdapterFiles, method = 'lora'): AdapterState<LoraConfig> | undefined {
  if (files.config.peft_type !== 'LORA' || files.config.use_dora === true) return undefined;
  // Files another edgetune method wrote in LoRA's format (qlora) belong to that method.
  if (files.config.edgetune_method !== undefined && files.config.edgetune_method !== method) return undefined;
  const parsed = LoraConfig.safeParse(files.config);
  if (!parsed.success) throw new Error(`adapter_config.json is not a valid LoRA config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const tensors = new Map([...files.tensors].map(([k, v]) => [toMemoryName(k), v]));
  return { method, config: parsed.data, tensors };
}
