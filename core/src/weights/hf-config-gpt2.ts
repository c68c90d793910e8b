// GPT-2 config.json <-> ModelConfig.
import { z } from 'zod';
import { ActivationSchema, DtypeFields, PosInt, TokenFields, TRANSFORMERS_VERSION, eosToHf, tokenIds, weightDtype } from './hf-config-common.ts';
import type { ModelConfig } from './model-config.ts';

export const Gpt2HfConfig = z.looseObject({
  model_type: z.literal('gpt2'),
  vocab_size: PosInt,
  n_embd: PosInt,
  n_head: PosInt,
  n_layer: PosInt,
  n_positions: PosInt,
  n_inner: PosInt.nullish(),
  layer_norm_epsilon: z.number().positive().default(1e-5),
  activation_function: ActivationSchema.default('gelu_new'),
  tie_word_embeddings: z.boolean().default(true),
  // These change the math; our builder implements the defaults only, so say so instead of diverging.
  scale_attn_weights: z.literal(true, { error: 'only scale_attn_weights: true is supported' }).default(true),
  scale_attn_by_inverse_layer_idx: z.literal(false, { error: 'only scale_attn_by_inverse_layer_idx: false is supported' }).default(false),
  ...TokenFields,
  ...DtypeFields,
}).refine((c) => c.n_embd % c.n_head === 0, { message: 'n_embd must be divisible by n_head', path: ['n_embd'] });

export function gpt2FromHf(c: z.output<typeof Gpt2HfConfig>): ModelConfig {
  return {
    arch: 'gpt2',
    modelType: 'gpt2',
    vocabSize: c.vocab_size,
    hidden: c.n_embd,
    layers: c.n_layer,
    heads: c.n_head,
    kvHeads: c.n_head,
    headDim: c.n_embd / c.n_head,
    intermediate: c.n_inner ?? 4 * c.n_embd,
    maxPositions: c.n_positions,
    normEps: c.layer_norm_epsilon,
    ropeTheta: null,
    ropeScaling: null,
    slidingWindow: null,
    tieEmbeddings: c.tie_word_embeddings,
    qkvBias: true,
    oBias: true,
    mlpBias: true,
    activation: c.activation_function,
    ...tokenIds(c),
    initializerRange: c.initializer_range,
    dtype: weightDtype(c),
  };
}

/** The config.json transformers writes for GPT2LMHeadModel (dropouts 0: we train without dropout). */
export function gpt2ToHf(c: ModelConfig): Record<string, unknown> {
  const bad = [
    c.kvHeads !== c.heads && 'kvHeads != heads',
    c.headDim * c.heads !== c.hidden && 'headDim * heads != hidden',
    !(c.qkvBias && c.oBias && c.mlpBias) && 'missing biases',
    (c.ropeTheta !== null || c.slidingWindow !== null) && 'rope or sliding window',
  ].filter(Boolean);
  if (bad.length) throw new Error(`configToHf: gpt2 cannot express ${bad.join(', ')}`);
  return {
    activation_function: c.activation,
    add_cross_attention: false,
    architectures: ['GPT2LMHeadModel'],
    attn_pdrop: 0,
    bos_token_id: c.bosTokenId,
    dtype: c.dtype,
    embd_pdrop: 0,
    eos_token_id: eosToHf(c),
    initializer_range: c.initializerRange,
    layer_norm_epsilon: c.normEps,
    model_type: 'gpt2',
    n_embd: c.hidden,
    n_head: c.heads,
    n_inner: c.intermediate === 4 * c.hidden ? null : c.intermediate,
    n_layer: c.layers,
    n_positions: c.maxPositions,
    pad_token_id: c.padTokenId,
    reorder_and_upcast_attn: false,
    resid_pdrop: 0,
    scale_attn_by_inverse_layer_idx: false,
    scale_attn_weights: true,
    summary_activation: null,
    summary_first_dropout: 0.1,
    summary_proj_to_labels: true,
    summary_type: 'cls_index',
    summary_use_proj: true,
    tie_word_embeddings: c.tieEmbeddings,
    transformers_version: TRANSFORMERS_VERSION,
    use_cache: true,
    vocab_size: c.vocabSize,
  };
}
