import { defineMethod } from '@edgetune/core';
import { PTuningConfig } from './config.ts';
import { applyPTuning } from './embedding.ts';
import { loadPTuning, savePTuning } from './io.ts';

export { PTuningConfig } from './config.ts';
export { promptEncoder, encoderDims, type Backend, type EncoderDims, type ParamFn } from './encoder.ts';
export { graphBackend, hostBackend, matFrom, type Mat } from './backends.ts';
export { applyPTuning, EMBEDDING, PREFIX } from './embedding.ts';
export { encodePrompt, loadPTuning, savePTuning, ENCODER_KEY, PEFT_P_TUNING_DEFAULTS } from './io.ts';

/** P-tuning (Liu et al. 2021): virtual tokens produced by a trained MLP or LSTM prompt encoder, in PEFT's format. */
export default defineMethod<PTuningConfig>({
  name: 'p-tuning',
  peftType: 'P_TUNING',
  description: 'P virtual tokens from a trained MLP/LSTM prompt encoder (PEFT P_TUNING)',
  config: PTuningConfig,
  apply: applyPTuning,
  save: savePTuning,
  load: loadPTuning,
});
