// The modules of a base model, from its config alone: every HF tensor name and shape, and for the
// linear layers their in/out features (GPT-2's Conv1D stores [in, out], nn.Linear [out, in]).
import { checkpointLayout } from '@edgetune/core/weights/checkpoint-layout.ts';
import type { ModelConfig } from '@edgetune/core/weights/model-config.ts';

export interface BaseModules {
  /** HF tensor name → shape. */
  readonly tensors: ReadonlyMap<string, readonly number[]>;
  /** Module path (tensor name without `.weight`/`.bias`) → linear features, or null for non-linears. */
  readonly modules: ReadonlyMap<string, { inFeatures: number; outFeatures: number } | null>;
}

const EMBEDDINGS = /(^|\.)(wte|wpe|embed_tokens|lm_head)$/;

export function baseModules(config: ModelConfig): BaseModules {
  const tensors = new Map<string, readonly number[]>();
  const modules = new Map<string, { inFeatures: number; outFeatures: number } | null>();
  for (const spec of checkpointLayout(config)) {
    tensors.set(spec.name, spec.shape);
    const path = spec.name.replace(/\.(weight|bias)$/, '');
    if (!spec.name.endsWith('.weight') || spec.shape.length !== 2 || EMBEDDINGS.test(path)) {
      if (!modules.has(path)) modules.set(path, null);
      continue;
    }
    const [a, b] = spec.shape as [number, number];
    modules.set(path, config.arch === 'gpt2' ? { inFeatures: a, outFeatures: b } : { inFeatures: b, outFeatures: a });
  }
  return { tensors, modules };
}

/** The longest module path that `rest` (a tensor name below the model root) lives under. */
export function owningModule(mods: BaseModules, rest: string): string | undefined {
  let best: string | undefined;
  for (const path of mods.modules.keys()) {
    if ((rest === path || rest.startsWith(`${path}.`)) && (best === undefined || path.length > best.length)) best = path;
  }
  return best;
}
