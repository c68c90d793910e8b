import { defineMethod } from '@edgetune/core';
import { DoraConfig } from './config.ts';
import { loadDora, saveDora } from './io.ts';
import { applyDora } from './layer.ts';
import { mergeDora } from './merge.ts';

export { DoraConfig, loraView } from './config.ts';
export { applyDora } from './layer.ts';
export { magnitudeName } from './names.ts';
export { saveDora, loadDora } from './io.ts';
export { mergeDora } from './merge.ts';

/** DoRA (Liu et al. 2024): LoRA on the direction plus a learned magnitude per output row, in PEFT's format. */
export default defineMethod<DoraConfig>({
  name: 'dora',
  peftType: 'LORA',
  description: 'Weight-decomposed LoRA: magnitude ⊙ (W + s·B·A) / ||W + s·B·A||, PEFT use_dora',
  config: DoraConfig,
  apply: (ctx, cfg) => applyDora(ctx, cfg),
  save: saveDora,
  load: loadDora,
  merge: mergeDora,
});
