import { defineMethod } from '@edgetune/core';
import { QloraConfig } from './config.ts';
import { loadQlora, saveQlora } from './io.ts';
import { applyQlora } from './layer.ts';
import { mergeQlora } from './merge.ts';

export { QloraConfig } from './config.ts';
export { applyQlora, isQuantized } from './layer.ts';
export { NF4, NF4_MAX_HALF_GAP, DQ_BLOCK, quantizeNf4, dequantizeNf4, blockScales, nf4Bytes, type Nf4Weight } from './nf4.ts';
export { dequantizeInGraph } from './dequant.ts';
export { saveQlora, loadQlora } from './io.ts';
export { mergeQlora } from './merge.ts';

/** QLoRA (Dettmers et al. 2023): LoRA over a frozen base held as blockwise NF4, dequantized in the graph. */
export default defineMethod<QloraConfig>({
  name: 'qlora',
  peftType: 'LORA',
  description: 'LoRA over a 4-bit NF4 base (blockwise absmax, optional double quantization)',
  config: QloraConfig,
  apply: applyQlora,
  save: saveQlora,
  load: loadQlora,
  merge: mergeQlora,
});
