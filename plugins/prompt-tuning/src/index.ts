import { defineMethod } from '@edgetune/core';
import { PromptTuningConfig } from './config.ts';
import { applyPromptTuning } from './embedding.ts';
import { loadPromptTuning, savePromptTuning } from './io.ts';

export { PromptTuningConfig } from './config.ts';
export { applyPromptTuning, EMBEDDING } from './embedding.ts';
export { promptInit, textInitIds, tokenTable } from './init.ts';
export { loadPromptTuning, savePromptTuning, PEFT_PROMPT_TUNING_DEFAULTS } from './io.ts';

/** Prompt tuning (Lester et al. 2021): P trainable virtual-token embeddings before the input, in PEFT's format. */
export default defineMethod<PromptTuningConfig>({
  name: 'prompt-tuning',
  peftType: 'PROMPT_TUNING',
  description: 'P trainable virtual-token embeddings prepended to the input (PEFT PROMPT_TUNING)',
  config: PromptTuningConfig,
  apply: applyPromptTuning,
  save: savePromptTuning,
  load: loadPromptTuning,
});
