import type { Graph, Value } from '../graph/index.ts';
import type { ModelConfig } from '../weights/index.ts';
import type { FrozenWeights } from './frozen-weights.ts';
import type { ModelHooks } from './hooks.ts';

/** Everything a model builder needs: the graph, the config, frozen weights and plugin hooks. */
export interface BuildContext {
  readonly g: Graph;
  readonly config: ModelConfig;
  readonly weights: FrozenWeights;
  readonly hooks: ModelHooks;
}

export interface CausalLMInputs {
  /** [B, T] int64 token ids. */
  readonly inputIds: Value;
  /** [B, T] int64, 1 where a token is attended (Hugging Face's attention_mask). */
  readonly attentionMask?: Value;
  /** [B, T] int64; defaults to 0..T-1 (after any virtual or prefix tokens), as transformers does. */
  readonly positionIds?: Value;
}

export interface CausalLMOutput {
  /** Final normalized hidden states [B, P + T, C] (P virtual tokens from prompt-style methods). */
  readonly hidden: Value;
  readonly virtualTokens: number;
  /** The residual stream entering block 0 and leaving each block: gradient checkpoint boundaries. */
  readonly boundaries: readonly Value[];
}
