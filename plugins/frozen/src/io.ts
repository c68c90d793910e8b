import { trainedTensorsIo } from '@edgetune/core';
import { FrozenConfig } from './config.ts';

/** Native edgetune adapter: the trained tensors by HF name; merging replaces the base's (exact). */
export const { save: saveFrozen, load: loadFrozen, merge: mergeFrozen } = trainedTensorsIo('frozen', FrozenConfig);
