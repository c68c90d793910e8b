import type { Graph, Value } from '../graph/index.ts';
import type { FrozenWeights } from '../models/index.ts';
import type { ModelConfig } from '../weights/index.ts';
import type { ServeFeatures } from './features.ts';

/** Per-row routing inputs shared by every adapted linear. */
export interface RowInputs {
  readonly loraGather?: Value; // [U, N]
  readonly loraScatter?: Value; // [B, T]
}

/** What the serving builders share: graph, config, frozen base weights, features and row routing. */
export interface ServeContext {
  readonly g: Graph;
  readonly config: ModelConfig;
  readonly weights: FrozenWeights;
  readonly features: ServeFeatures;
  readonly rows: RowInputs;
  /** Symbolic (or static) dim names for graph inputs. */
  readonly dims: { readonly batch: number | string; readonly seq: number | string; readonly past: number | string };
}
