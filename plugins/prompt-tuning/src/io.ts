import { hostTensor, toFloat32, type AdapterFiles, type AdapterState, type HostTensor } from '@edgetune/core';
import { PromptTuningConfig } from './config.ts';
import { EMBEDDING } from './embedding.ts';

/** Every field PEFT 0.21 writes for a PromptTuningConfig, with its defaults. */
export const PEFT_PROMPT_TUNING_DEFAULTS: Record<string, unknown> = {
  auto_mapping: null, base_model_name_or_path: null, inference_mode: true, modules_to_save: null,
  num_attention_heads: null, num_layers: null, num_transformer_submodules: 1, num_virtual_tokens: null,
  peft_type: 'PROMPT_TUNING', peft_version: '0.21.0', prompt_tuning_init: 'RANDOM', prompt_tuning_init_text: null,
  revision: null, task_type: 'CAUSAL_LM', token_dim: null, tokenizer_kwargs: null, tokenizer_name_or_path: null,
};

/** PEFT saves the [P, C] table as `prompt_embeddings`, and always with inference_mode true. */
export function savePromptTuning(state: AdapterState<PromptTuningConfig>): AdapterFiles {
  const table = state.tensors.get(EMBEDDING);
  if (!table) throw new Error(`prompt-tuning: adapter state has no '${EMBEDDING}'`);
  const { prompt_tuning_init_ids: _ids, peft_version, ...fields } = state.config;
  const config = {
    ...PEFT_PROMPT_TUNING_DEFAULTS, ...fields, peft_type: 'PROMPT_TUNING', inference_mode: true,
    num_virtual_tokens: table.shape[0], token_dim: table.shape[1], peft_version: peft_version ?? PEFT_PROMPT_TUNING_DEFAULTS.peft_version,
  };
  return { config, tensors: new Map([['prompt_embeddings', table]]) };
}

export function loadPromptTuning(files: AdapterFiles): AdapterState<PromptTuningConfig> | undefined {
  if (files.config.peft_type !== 'PROMPT_TUNING') return undefined;
  const parsed = PromptTuningConfig.safeParse(files.config);
  if (!parsed.success) throw new Error(`adapter_config.json is not a valid prompt-tuning config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const tensors = new Map<string, HostTensor>();
  const table = files.tensors.get('prompt_embeddings');
  if (table) {
    const [tokens, dim] = table.shape as [number, number];
    if (table.shape.length !== 2 || tokens !== parsed.data.num_virtual_tokens) {
      throw new Error(`prompt-tuning: prompt_embeddings has shape [${table.shape}], expected [${parsed.data.num_virtual_tokens}, token_dim]`);
    }
    tensors.set(EMBEDDING, hostTensor('float32', [tokens, dim], Float32Array.from(toFloat32(table))));
  }
  return { method: 'prompt-tuning', config: parsed.data, tensors };
}
