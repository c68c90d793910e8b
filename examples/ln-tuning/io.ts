import type { AdapterFiles, AdapterState } from '@edgetune/core';
import { LnTuningConfig } from './config.ts';

// In memory, tuned norms keep their HF names (edgetune's trainableBase hook). On disk they use PEFT's
// names: LNTuningLayer keeps a tuned copy in `ln_tuning_layers`, and saving drops the adapter name.
const PREFIX = 'base_model.model.';
const toSaved = (hf: string) => `${PREFIX}${hf.replace(/\.(weight|bias)$/, '.ln_tuning_layers.$1')}`;
const toMemory = (saved: string) => saved.slice(PREFIX.length).replace('.ln_tuning_layers.', '.');

/** What PEFT writes in adapter_config.json for an LNTuningConfig. */
const PEFT_DEFAULTS = {
  auto_mapping: null, base_model_name_or_path: null, inference_mode: true, peft_version: '0.21.0', revision: null, task_type: 'CAUSAL_LM',
};

export function saveLnTuning(state: AdapterState<LnTuningConfig>): AdapterFiles {
  const config = { ...PEFT_DEFAULTS, ...state.config, peft_type: 'LN_TUNING' };
  return { config, tensors: new Map([...state.tensors].map(([k, v]) => [toSaved(k), v])) };
}

export function loadLnTuning(files: AdapterFiles): AdapterState<LnTuningConfig> | undefined {
  if (files.config.peft_type !== 'LN_TUNING') return undefined;
  const parsed = LnTuningConfig.safeParse(files.config);
  if (!parsed.success) throw new Error(`ln-tuning: adapter_config.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const tensors = new Map([...files.tensors].map(([k, v]) => [toMemory(k), v]));
  return { method: 'ln-tuning', config: parsed.data, tensors };
}
