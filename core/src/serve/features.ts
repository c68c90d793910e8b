/**
 * How LoRA factors reach the graph. 'rows': one [in, R] / [R, out] pair per batch row (rows sharing an
 * adapter hold copies), one batched matmul each, fewest ops. 'grouped': one pair per distinct adapter,
 * tokens gathered into per-adapter groups and back (reads each adapter once: better when few are shared
 * by many rows).
 */
export type LoraMode = 'none' | 'rows' | 'grouped';

/** Which adapter inputs a serving graph has; the engine compiles one session per feature set it needs. */
export interface ServeFeatures {
  readonly lora: LoraMode;
  /** Per-row input scale, output scale and bias on every linear (IA3, DoRA magnitudes). */
  readonly scale: boolean;
  /** Virtual-token embeddings (prompt tuning): ids >= vocab index prompt_embeds. */
  readonly prompt: boolean;
  /** Logits at every position [B, T, V] instead of one per row [B, V]. */
  readonly allLogits: boolean;
}

export const BASE_FEATURES: ServeFeatures = { lora: 'none', scale: false, prompt: false, allLogits: false };

export function featureKey(f: ServeFeatures): string {
  return `lora=${f.lora},scale=${+f.scale},prompt=${+f.prompt},all=${+f.allLogits}`;
}

/** Static sizes for a bucketed graph; symbolic (one session for every shape) where absent. */
export interface StaticDims {
  readonly batch?: number;
  readonly seq?: number;
  readonly past?: number;
}
