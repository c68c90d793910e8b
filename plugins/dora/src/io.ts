import type { AdapterFiles, AdapterState } from '@edgetune/core';
import { PEFT_LORA_DEFAULTS } from '@edgetune/plugin-lora';
import { DoraConfig } from './config.ts';
import { toMemoryName, toSavedName } from './names.ts';

/** A PEFT LoRA adapter_config.json with use_dora: true; tensors under PEFT's saved names. */
export function saveDora(state: AdapterState<DoraConfig>): AdapterFiles {
  const config = { ...PEFT_LORA_DEFAULTS, ...state.config, peft_type: 'LORA', use_dora: true };
  const tensors = new Map([...state.tensors].map(([k, v]) => [toSavedName(k), v]));
  return { config, tensors };
}

/** Reads PEFT LoRA files that have use_dora: true; plain LoRA belongs to the lora plugin. */
export function loadDora(files: AdapterFiles): AdapterState<DoraConfig> | undefined {
  if (files.config.peft_type !== 'LORA' || files.config.use_dora !== true) return undefined;
  const parsed = DoraConfig.safeParse(files.config);
  if (!parsed.success) throw new Error(`adapter_config.json is not a valid DoRA config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const tensors = new Map([...files.tensors].map(([k, v]) => [toMemoryName(k), v]));
  return { method: 'dora', config: parsed.data, tensors };
}
