import { trainedTensorsIo } from '@edgetune/core';
import { LayerwiseConfig } from './config.ts';

/** Native edgetune adapter: every trainable tensor by HF name (blocks never unfrozen are saved unchanged). */
export const { save: saveLayerwise, load: loadLayerwise, merge: mergeLayerwise } = trainedTensorsIo('layerwise', LayerwiseConfig);
