import { defineMethod } from '@edgetune/core';
import { PrefixTuningConfig } from './config.ts';
import { loadPrefixTuning, savePrefixTuning } from './io.ts';
import { applyPrefixTuning } from './prefix.ts';

export { PrefixTuningConfig } from './config.ts';
export { prefixDims, type PrefixDims } from './dims.ts';
export { EMBEDDING, TRANSFORM, prefixValue, projectOnHost } from './encoder.ts';
export { applyPrefixTuning } from './prefix.ts';
export { loadPrefixTuning, savePrefixTuning, PEFT_PREFIX_TUNING_DEFAULTS } from './io.ts';

/** Prefix tuning (Li & Liang 2021) and, without projection, P-tuning v2: trained keys/values in every layer. */
export default defineMethod<PrefixTuningConfig>({
  name: 'prefix-tuning',
  peftType: 'PREFIX_TUNING',
  description: 'P trained key/value prefixes in every attention layer (PEFT PREFIX_TUNING; P-tuning v2 without projection)',
  config: PrefixTuningConfig,
  apply: applyPrefixTuning,
  save: savePrefixTuning,
  load: loadPrefixTuning,
});
