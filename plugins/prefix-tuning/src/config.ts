import { z } from 'zod';

/** PEFT's PrefixTuningConfig (Li & Liang 2021; without projection, P-tuning v2's deep prompts), under PEFT's names. */
export const PrefixTuningConfig = z.object({
  num_virtual_tokens: z.number().int().positive().default(20).describe('prefix length P: keys/values prepended in every layer'),
  token_dim: z.number().int().positive().nullable().default(null).describe('KV width per layer (kv_heads * head_dim); null: from the model'),
  num_transformer_submodules: z.literal(1).nullable().default(1).describe('1 for decoder-only models (2 is seq2seq)'),
  num_attention_heads: z.number().int().positive().nullable().default(null).describe('KV heads; null: from the model'),
  num_layers: z.number().int().positive().nullable().default(null).describe('null: the model depth'),
  encoder_hidden_size: z.number().int().positive().nullable().default(null).describe('projection MLP width; null: token_dim'),
  prefix_projection: z.boolean().default(false).describe('train through embedding [P, token_dim] -> Linear -> Tanh -> Linear'),
  init_weights: z.literal('zero').nullable().default(null).describe("'zero': start with an all-zero prefix (or zero last projection)"),
  modules_to_save: z.array(z.string()).max(0, 'modules_to_save is not supported').nullable().default(null),
  task_type: z.literal('CAUSAL_LM').nullable().default('CAUSAL_LM'),
  inference_mode: z.boolean().default(false).describe('true (as PEFT saves): the prefix is one fixed tensor, no projection'),
  base_model_name_or_path: z.string().nullable().default(null),
  revision: z.string().nullable().default(null),
  auto_mapping: z.record(z.string(), z.unknown()).nullable().default(null),
  peft_version: z.string().optional(),
});

export type PrefixTuningConfig = z.infer<typeof PrefixTuningConfig>;
