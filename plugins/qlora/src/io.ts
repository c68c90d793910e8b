import type { AdapterFiles, AdapterState } from '@edgetune/core';
import { loadLora, saveLora } from '@edgetune/plugin-lora';
import { QloraConfig } from './config.ts';

/**
 * The adapter is plain LoRA, so it is saved as PEFT writes LoRA (PEFT and the lora plugin read it),
 * plus `edgetune_method: 'qlora'` and the quantization fields, which PEFT ignores with a warning.
 */
export function saveQlora(state: AdapterState<QloraConfig>): AdapterFiles {
  const files = saveLora(state);
  return { ...files, config: { ...files.config, edgetune_method: 'qlora' } };
}

/** Reads what saveQlora wrote. A plain PEFT LoRA adapter is the lora plugin's (undefined here). */
export function loadQlora(files: AdapterFiles): AdapterState<QloraConfig> | undefined {
  if (files.config.edgetune_method !== 'qlora') return undefined;
  const lora = loadLora(files, 'qlora');
  if (!lora) return undefined;
  const parsed = QloraConfig.safeParse(files.config);
  if (!parsed.success) throw new Error(`adapter_config.json is not a valid QLoRA config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { method: 'qlora', config: parsed.data, tensors: lora.tensors };
}
