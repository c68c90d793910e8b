import { defineMethod, isEmbeddingTensor } from '@edgetune/core';
import { FullConfig } from './config.ts';
import { loadFull, mergeFull, saveFull } from './io.ts';

export { FullConfig } from './config.ts';
export { saveFull, loadFull, mergeFull } from './io.ts';

/** Full fine-tuning: the trainableBase hook marks every base tensor, which then trains under its HF name. */
export default defineMethod<FullConfig>({
  name: 'full',
  description: 'Full fine-tuning: every base tensor is trained (optionally all but embeddings and LM head)',
  config: FullConfig,
  apply({ hooks }, cfg) {
    hooks.trainableBase.push((name) => cfg.train_embeddings || !isEmbeddingTensor(name));
  },
  save: saveFull,
  load: loadFull,
  merge: (state, base) => mergeFull(state, base),
});
