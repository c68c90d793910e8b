import { trainedTensorsIo } from '@edgetune/core';
import { FullConfig } from './config.ts';

/**
 * Saved as a native edgetune adapter folder: adapter_config.json (peft_type null, edgetune_method 'full')
 * and adapter_model.safetensors with every trained tensor under its Hugging Face name. With
 * train_embeddings (the default) that file is a complete model.safetensors for the base's config.json.
 */
export const { save: saveFull, load: loadFull, merge: mergeFull } = trainedTensorsIo('full', FullConfig);
