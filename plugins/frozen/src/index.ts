import { defineMethod } from '@edgetune/core';
import { FrozenConfig } from './config.ts';
import { loadFrozen, mergeFrozen, saveFrozen } from './io.ts';
import { frozenSelector } from './select.ts';

export { FrozenConfig, FROZEN_MODES } from './config.ts';
export { frozenSelector, globToRegExp } from './select.ts';
export { saveFrozen, loadFrozen, mergeFrozen } from './io.ts';

/** Partial fine-tuning (top-N layers, name patterns, BitFit, LayerNorm-only) through the trainableBase hook. */
export default defineMethod<FrozenConfig>({
  name: 'frozen',
  description: 'Partial fine-tuning: top-N layers, HF-name patterns (glob or regex), BitFit (biases) or LayerNorm-only',
  config: FrozenConfig,
  apply({ hooks, model }, cfg) {
    hooks.trainableBase.push(frozenSelector(cfg, model));
  },
  save: saveFrozen,
  load: loadFrozen,
  merge: (state, base) => mergeFrozen(state, base),
});
