import { defineMethod } from '@edgetune/core';
import { AdapterConfig } from './config.ts';
import { loadAdapter, saveAdapter } from './io.ts';
import { applyAdapter } from './layer.ts';

export { AdapterConfig, bottleneckSize } from './config.ts';
export { applyAdapter, adapterNames } from './layer.ts';
export { saveAdapter, loadAdapter } from './io.ts';

/**
 * Bottleneck adapters on the blockOutput hook. No merge: the nonlinearity between down and up means the
 * adapter cannot fold into a linear weight.
 */
export default defineMethod<AdapterConfig>({
  name: 'adapter',
  description: 'Bottleneck adapters h + up(act(down(h))): Houlsby (after attention and MLP) or Pfeiffer (after MLP)',
  config: AdapterConfig,
  apply: applyAdapter,
  save: saveAdapter,
  load: loadAdapter,
});
