import { defineMethod } from '@edgetune/core';
import { IA3Config } from './config.ts';
import { loadIA3, saveIA3 } from './io.ts';
import { applyIA3 } from './layer.ts';
import { mergeIA3 } from './merge.ts';

export { IA3Config, IA3_DEFAULT_TARGETS, IA3_DEFAULT_FEEDFORWARD, feedforwardModules, isFeedforward } from './config.ts';
export { applyIA3, ia3Name } from './layer.ts';
export { saveIA3, loadIA3, PEFT_IA3_DEFAULTS } from './io.ts';
export { mergeIA3 } from './merge.ts';

/** (IA)^3 (Liu et al. 2022): learned vectors rescale attention outputs and feedforward inputs, in PEFT's format. */
export default defineMethod<IA3Config>({
  name: 'ia3',
  peftType: 'IA3',
  description: 'Learned rescaling vectors: output of attention projections, input of feedforward projections',
  config: IA3Config,
  apply: applyIA3,
  save: saveIA3,
  load: loadIA3,
  merge: mergeIA3,
});
