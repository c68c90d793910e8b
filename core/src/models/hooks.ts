import type { Graph, Value } from '../graph/index.ts';

/** A named linear layer as the model builder exposes it to plugins. */
export interface LinearSite {
  /** Hugging Face module path, e.g. 'transformer.h.0.attn.c_attn' or 'model.layers.0.self_attn.q_proj'. */
  readonly path: string;
  /** Last path component ('c_attn', 'q_proj'): what PEFT's target_modules match against. */
  readonly module: string;
  readonly layer: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** Frozen weight in graph layout [in, out], and bias [out]. */
  readonly weight: Value;
  readonly bias: Value | null;
}

/** Rewrites a linear: gets the input x [..., in] and `next` (the base projection, or earlier hooks). */
export type LinearHook = (site: LinearSite, x: Value, next: (x: Value) => Value) => Value;

/** Virtual tokens: receives token embeddings [B, T, C], returns [B, P + T, C] and P. */
export type EmbeddingHook = (h: Value) => { h: Value; virtualTokens: number };

/** Attention prefixes (prefix tuning): `tokens` keys and values [B, KVH, P, D] prepended in every layer. */
export interface PrefixHook {
  readonly tokens: number;
  kv(layer: number, batch: number): { k: Value; v: Value };
}

/** Rewrites a sub-block's output before the residual add (bottleneck adapters). */
export type BlockOutputHook = (layer: number, sub: 'attn' | 'mlp', h: Value) => Value;

/** Decides whether a base-model tensor (by Hugging Face name) is trained: full, partial, BitFit, layer-wise. */
export type TrainableBaseHook = (name: string) => boolean;

/** A frozen base tensor as the builder is about to use it, in graph layout ([in, out] for linears). */
export interface BaseWeight {
  readonly shape: readonly number[];
  /** Its float32 data in that layout (computed on demand). */
  data(): Float32Array;
}

/** Supplies a base tensor's graph value instead of a float32 initializer (QLoRA's 4-bit weights). */
export type BaseWeightHook = (name: string, weight: BaseWeight, g: Graph) => Value | undefined;

/** Hook points a method plugin fills in `apply`; the model builder calls them while it builds. */
export class ModelHooks {
  readonly linear: LinearHook[] = [];
  readonly trainableBase: TrainableBaseHook[] = [];
  readonly baseWeight: BaseWeightHook[] = [];
  readonly embeddings: EmbeddingHook[] = [];
  readonly prefix: PrefixHook[] = [];
  readonly blockOutput: BlockOutputHook[] = [];

  /** Prefix keys per layer; real tokens' positions start after them, as with a KV cache. */
  get prefixTokens(): number {
    return this.prefix.reduce((n, p) => n + p.tokens, 0);
  }

  provideBaseWeight(name: string, weight: BaseWeight, g: Graph): Value | undefined {
    for (const hook of this.baseWeight) {
      const v = hook(name, weight, g);
      if (v) return v;
    }
    return undefined;
  }

  isTrainableBase(name: string): boolean {
    return this.trainableBase.some((hook) => hook(name));
  }

  runLinear(site: LinearSite, x: Value, base: (x: Value) => Value): Value {
    const chain = this.linear.reduce<(x: Value) => Value>((next, hook) => (v) => hook(site, v, next), base);
    return chain(x);
  }
}
