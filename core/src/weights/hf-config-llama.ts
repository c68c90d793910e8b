// Llama-family config.json (llama, mistral, qwen2) <-> ModelConfig.
import { z } from 'zod';
import { ActivationSchema, DtypeFields, PosInt, TokenFields, TRANSFORMERS_VERSION, eosToHf, tokenIds, weightDtype } from './hf-config-common.ts';
import type { ModelConfig, RopeScaling } from './model-config.ts';

const RopeObject = z.looseObject({
  rope_theta: z.number().positive().optional(),
  rope_type: z.string().optional(),
  type: z.string().optional(), // transformers 4 legacy spelling of rope_type
});

export const LlamaHfConfig = z.looseObject({
  model_type: z.enum(['llama', 'mistral', 'qwen2']),
  vocab_size: PosInt,
  hidden_size: PosInt,
  intermediate_size: PosInt,
  num_hidden_layers: PosInt,
  num_attention_heads: PosInt,
  num_key_value_heads: PosInt.nullish(),
  head_dim: PosInt.nullish(),
  max_position_embeddings: PosInt,
  rms_norm_eps: z.number().positive().default(1e-6),
  rope_theta: z.number().positive().optional(), // transformers 4
  rope_parameters: RopeObject.nullish(), // transformers 5
  rope_scaling: RopeObject.nullish(),
  attention_bias: z.boolean().default(false),
  mlp_bias: z.boolean().default(false),
  hidden_act: ActivationSchema.default('silu'),
  tie_word_embeddings: z.boolean().default(false),
  sliding_window: PosInt.nullish(),
  use_sliding_window: z.boolean().default(false),
  ...TokenFields,
  ...DtypeFields,
}).superRefine((c, ctx) => {
  const heads = c.num_attention_heads;
  const kv = c.num_key_value_heads ?? heads;
  if (c.head_dim == null && c.hidden_size % heads !== 0) ctx.addIssue({ code: 'custom', path: ['hidden_size'], message: 'must be divisible by num_attention_heads when head_dim is absent' });
  if (heads % kv !== 0) ctx.addIssue({ code: 'custom', path: ['num_key_value_heads'], message: 'must divide num_attention_heads' });
  // Qwen2 windows only the layers past max_window_layers; the builders do not model that.
  if (c.model_type === 'qwen2' && c.use_sliding_window) ctx.addIssue({ code: 'custom', path: ['use_sliding_window'], message: 'qwen2 sliding-window attention is not supported' });
});
type LlamaParsed = z.output<typeof LlamaHfConfig>;

/** rope_theta wherever this transformers version put it; scaling null for plain RoPE. */
function rope(c: LlamaParsed): { ropeTheta: number; ropeScaling: RopeScaling | null } {
  const ropeTheta = c.rope_parameters?.rope_theta ?? c.rope_theta ?? 10000;
  const src = c.rope_scaling ?? c.rope_parameters;
  const ropeType = src?.rope_type ?? src?.type ?? 'default';
  if (!src || ropeType === 'default') return { ropeTheta, ropeScaling: null };
  const { rope_theta: _t, type: _legacy, ...rest } = src;
  return { ropeTheta, ropeScaling: { ...rest, rope_type: ropeType } };
}

export function llamaFromHf(c: LlamaParsed): ModelConfig {
  const qwen = c.model_type === 'qwen2';
  const mistral = c.model_type === 'mistral';
  return {
    arch: 'llama',
    modelType: c.model_type,
    vocabSize: c.vocab_size,
    hidden: c.hidden_size,
    layers: c.num_hidden_layers,
    heads: c.num_attention_heads,
    kvHeads: c.num_key_value_heads ?? c.num_attention_heads,
    headDim: c.head_dim ?? c.hidden_size / c.num_attention_heads,
    intermediate: c.intermediate_size,
    maxPositions: c.max_position_embeddings,
    normEps: c.rms_norm_eps,
    ...rope(c),
    slidingWindow: mistral ? (c.sliding_window ?? null) : null,
    tieEmbeddings: c.tie_word_embeddings,
    // Qwen2 hard-codes bias on q/k/v (not o); Mistral has none; Llama's attention_bias covers all four.
    qkvBias: qwen || (!mistral && c.attention_bias),
    oBias: !qwen && !mistral && c.attention_bias,
    mlpBias: !qwen && !mistral && c.mlp_bias,
    activation: c.hidden_act,
    ...tokenIds(c),
    initializerRange: c.initializer_range,
    dtype: weightDtype(c),
  };
}

const ARCHITECTURES = { llama: 'LlamaForCausalLM', mistral: 'MistralForCausalLM', qwen2: 'Qwen2ForCausalLM' } as const;

/** The config.json transformers 5 writes (rope in rope_parameters). */
export function llamaToHf(c: ModelConfig): Record<string, unknown> {
  const type = c.modelType as keyof typeof ARCHITECTURES;
  const bias = type === 'qwen2' ? c.qkvBias && !c.oBias && !c.mlpBias
    : type === 'mistral' ? !c.qkvBias && !c.oBias && !c.mlpBias
    : c.qkvBias === c.oBias;
  if (!bias) throw new Error(`configToHf: ${type} cannot express qkvBias=${c.qkvBias} oBias=${c.oBias} mlpBias=${c.mlpBias}`);
  if (c.ropeTheta === null) throw new Error(`configToHf: ${type} needs ropeTheta`);
  if (c.slidingWindow !== null && type !== 'mistral') throw new Error(`configToHf: ${type} cannot express slidingWindow`);
  const out: Record<string, unknown> = {
    architectures: [ARCHITECTURES[type]],
    attention_dropout: 0,
    bos_token_id: c.bosTokenId,
    dtype: c.dtype,
    eos_token_id: eosToHf(c),
    head_dim: c.headDim,
    hidden_act: c.activation,
    hidden_size: c.hidden,
    initializer_range: c.initializerRange,
    intermediate_size: c.intermediate,
    max_position_embeddings: c.maxPositions,
    model_type: type,
    num_attention_heads: c.heads,
    num_hidden_layers: c.layers,
    num_key_value_heads: c.kvHeads,
    pad_token_id: c.padTokenId,
    rms_norm_eps: c.normEps,
    rope_parameters: { ...(c.ropeScaling ?? { rope_type: 'default' }), rope_theta: c.ropeTheta },
    tie_word_embeddings: c.tieEmbeddings,
    transformers_version: TRANSFORMERS_VERSION,
    use_cache: true,
    vocab_size: c.vocabSize,
  };
  if (type === 'llama') Object.assign(out, { attention_bias: c.qkvBias, mlp_bias: c.mlpBias, pretraining_tp: 1 });
  if (type === 'mistral') out.sliding_window = c.slidingWindow;
  if (type === 'qwen2') Object.assign(out, { max_window_layers: c.layers, sliding_window: null, use_sliding_window: false });
  return out;
}
