import { defineMethod } from '@edgetune/core';
import { LoraConfig } from './config.ts';
import { loadLora, saveLora } from './io.ts';
import { applyLora } from './layer.ts';
import { mergeLora } from './merge.ts';

export { LoraConfig, moduleRank } from './config.ts';
export { applyLora, loraNames } from './layer.ts';
export { saveLora, loadLora, PEFT_LORA_DEFAULTS } from './io.ts';
export { mergeLora } from './merge.ts';

/** LoRA (Hu et al. 2021) and rsLoRA (Kalajdzievski 2023) on any named linear, in PEFT's format. */
export default defineMethod<LoraConfig>({
  name: 'lora',
  peftType: 'LORA',
  description: 'Low-rank update B·A on named linears; rsLoRA with use_rslora',
  config: LoraConfig,
  apply: applyLora,
  save: saveLora,
  load: (files) => loadLora(files),
  merge: mergeLora,
});
