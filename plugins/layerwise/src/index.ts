import { defineMethod } from '@edgetune/core';
import { LayerwiseConfig } from './config.ts';
import { loadLayerwise, mergeLayerwise, saveLayerwise } from './io.ts';
import { distanceFromTop, layerwiseScale } from './schedule.ts';

export { LayerwiseConfig } from './config.ts';
export { distanceFromTop, layerwiseScale, unfreezeStep } from './schedule.ts';
export { saveLayerwise, loadLayerwise, mergeLayerwise } from './io.ts';

/**
 * Every block is a parameter from the start (trainableBase), so one compiled step graph serves the whole
 * run; the step schedule (lrScale) holds a block at 0 until its turn, then gives it lr * decay^distance.
 */
export default defineMethod<LayerwiseConfig>({
  name: 'layerwise',
  description: 'Progressive unfreezing from the top block down, one block every K steps, with layer-wise LR decay',
  config: LayerwiseConfig,
  apply({ hooks, model }, cfg) {
    hooks.trainableBase.push((name) => distanceFromTop(name, cfg, model) !== null);
  },
  lrScale: (param, step, { config, model }) => layerwiseScale(param, step, config, model),
  save: saveLayerwise,
  load: loadLayerwise,
  merge: (state, base) => mergeLayerwise(state, base),
});
