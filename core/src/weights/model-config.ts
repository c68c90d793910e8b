// The one normalized model description every builder reads, whatever config.json it came from.

export type ModelArch = 'gpt2' | 'llama';
/** HF model_type values we accept; mistral and qwen2 are llama-family. */
export type ModelType = 'gpt2' | 'llama' | 'mistral' | 'qwen2';
export type Activation = 'gelu_new' | 'gelu' | 'gelu_pytorch_tanh' | 'gelu_fast' | 'quick_gelu' | 'relu' | 'silu';

/** HF rope scaling, with `rope_type` always set (legacy configs say `type`); rope_theta lives in ModelConfig. */
export type RopeScaling = { readonly rope_type: string } & Readonly<Record<string, unknown>>;

export interface ModelConfig {
  readonly arch: ModelArch;
  readonly modelType: ModelType;
  readonly vocabSize: number;
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads: number; // < heads means grouped-query attention
  readonly headDim: number;
  readonly intermediate: number; // MLP width (gpt2 n_inner, llama intermediate_size)
  readonly maxPositions: number;
  readonly normEps: number; // LayerNorm eps (gpt2) or RMSNorm eps (llama)
  readonly ropeTheta: number | null; // null: learned positions (gpt2)
  readonly ropeScaling: RopeScaling | null; // null: plain RoPE
  readonly slidingWindow: number | null; // mistral's window; null: full causal attention
  readonly tieEmbeddings: boolean;
  readonly qkvBias: boolean;
  readonly oBias: boolean;
  readonly mlpBias: boolean;
  readonly activation: Activation;
  readonly bosTokenId: number | null;
  readonly eosTokenId: number | null; // the first of eosTokenIds
  readonly eosTokenIds: readonly number[]; // llama 3 stops on several
  readonly padTokenId: number | null;
  readonly initializerRange: number;
  readonly dtype: 'float32' | 'float16' | 'bfloat16' | 'float64'; // the checkpoint's weight dtype
}
