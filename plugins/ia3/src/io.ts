import type { AdapterFiles, AdapterState } from '@edgetune/core';
import { feedforwardModules, IA3Config } from './config.ts';

/** Every field PEFT 0.21 writes for an IA3Config, with its defaults, so saved configs match PEFT's. */
export const PEFT_IA3_DEFAULTS: Record<string, unknown> = {
  auto_mapping: null, base_model_name_or_path: null, exclude_modules: null, fan_in_fan_out: false,
  feedforward_modules: null, inference_mode: true, init_ia3_weights: true, modules_to_save: null,
  peft_type: 'IA3', peft_version: '0.21.0', revision: null, target_modules: null, task_type: 'CAUSAL_LM',
};

/** PEFT drops the adapter name ('.default') from tensor keys on save. */
export const toSavedName = (name: string) => name.replace(/\.ia3_l\.default$/, '.ia3_l');
export const toMemoryName = (name: string) => name.replace(/\.ia3_l$/, '.ia3_l.default');

export function saveIA3(state: AdapterState<IA3Config>): AdapterFiles {
  // PEFT saves the feedforward modules it resolved; so do we.
  const config = { ...PEFT_IA3_DEFAULTS, ...state.config, feedforward_modules: feedforwardModules(state.config), peft_type: 'IA3' };
  const tensors = new Map([...state.tensors].map(([k, v]) => [toSavedName(k), v]));
  return { config, tensors };
}

export function loadIA3(files: AdapterFiles): AdapterState<IA3Config> | undefined {
  if (files.config.peft_type !== 'IA3') return undefined;
  const parsed = IA3Config.safeParse(files.config);
  if (!parsed.success) throw new Error(`adapter_config.json is not a valid IA3 config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const tensors = new Map([...files.tensors].map(([k, v]) => [toMemoryName(k), v]));
  return { method: 'ia3', config: parsed.data, tensors };
}
