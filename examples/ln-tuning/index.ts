// A third-party edgetune method plugin: LayerNorm tuning (Zhao et al. 2023), in PEFT's LN_TUNING format.
// It imports only '@edgetune/core' (and zod), as a package published on npm would.
import { defineMethod, withTrainedTensors } from '@edgetune/core';
import { defaultTargets, LnTuningConfig, matchesModule } from './config.ts';
import { loadLnTuning, saveLnTuning } from './io.ts';

export { LnTuningConfig } from './config.ts';

export default defineMethod<LnTuningConfig>({
  name: 'ln-tuning',
  peftType: 'LN_TUNING',
  description: 'LayerNorm tuning: train only the norm layers (PEFT LN_TUNING)',
  config: LnTuningConfig,
  apply({ hooks, model }, cfg) {
    const targets = cfg.target_modules ?? defaultTargets(model.modelType);
    // A base tensor trains when its module (the name without .weight/.bias) is targeted and not excluded.
    hooks.trainableBase.push((name) => {
      const module = name.replace(/\.(weight|bias)$/, '');
      return matchesModule(module, targets) && !(cfg.exclude_modules && matchesModule(module, cfg.exclude_modules));
    });
  },
  save: saveLnTuning,
  load: loadLnTuning,
  // The tuned copies replace the base norms: exact.
  merge: (state, base) => withTrainedTensors('ln-tuning', base, state.tensors),
});
