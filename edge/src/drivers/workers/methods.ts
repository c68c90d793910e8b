// Method catalog of the Worker: core's plugin registry with the built-in plugins registered by
// static import. The registry's own loader imports `@edgetune/plugin-<name>` by a computed name,
// which a bundle cannot follow. The plugins import core's root, which reaches onnxruntime-node
// (graph/session.ts) for training; the Worker only validates configs and reads adapter files,
// so the bundle aliases that one package to ./no-onnxruntime.ts (wrangler.toml [alias]).
import { MethodRegistry } from '@edgetune/core/plugin/registry.ts';
import adapter from '@edgetune/plugin-adapter';
import dora from '@edgetune/plugin-dora';
import frozen from '@edgetune/plugin-frozen';
import full from '@edgetune/plugin-full';
import ia3 from '@edgetune/plugin-ia3';
import layerwise from '@edgetune/plugin-layerwise';
import lora from '@edgetune/plugin-lora';
import pTuning from '@edgetune/plugin-p-tuning';
import prefixTuning from '@edgetune/plugin-prefix-tuning';
import promptTuning from '@edgetune/plugin-prompt-tuning';
import qlora from '@edgetune/plugin-qlora';
import type { MethodCatalog } from '../../ports/methods.ts';
import { coreMethods } from '../node/methods.ts';

export const BUNDLED_PLUGINS = [lora, dora, ia3, qlora, adapter, full, frozen, layerwise, promptTuning, pTuning, prefixTuning];

export function bundledMethods(): MethodCatalog {
  const reg = new MethodRegistry();
  for (const p of BUNDLED_PLUGINS) reg.register(p, 'bundle');
  // coreMethods only adapts a registry to the port; it has nothing Node-specific.
  return coreMethods(reg);
}
