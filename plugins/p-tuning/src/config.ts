import { z } from 'zod';

/** PEFT's PromptEncoderConfig (P-tuning, Liu et al. 2021), under PEFT's field names. */
export const PTuningConfig = z.object({
  num_virtual_tokens: z.number().int().positive().default(20).describe('virtual tokens P prepended to every input'),
  token_dim: z.number().int().positive().nullable().default(null).describe('embedding width; null: the model hidden size'),
  num_transformer_submodules: z.literal(1).nullable().default(1).describe('1 for decoder-only models (2 is seq2seq)'),
  num_attention_heads: z.number().int().positive().nullable().default(null).describe('informational for p-tuning'),
  num_layers: z.number().int().positive().nullable().default(null).describe('informational for p-tuning'),
  encoder_reparameterization_type: z.enum(['MLP', 'LSTM']).default('MLP')
    .describe('MLP: Linear-ReLU-Linear-ReLU-Linear; LSTM: bidirectional LSTM then Linear-ReLU-Linear'),
  encoder_hidden_size: z.number().int().positive().nullable().default(null).describe('prompt encoder width; null: token_dim'),
  encoder_num_layers: z.number().int().positive().default(2).describe('LSTM layers (PEFT ignores it for MLP)'),
  encoder_dropout: z.number().min(0).lt(1).default(0).describe('dropout between LSTM layers; only 0 can be trained here'),
  modules_to_save: z.array(z.string()).max(0, 'modules_to_save is not supported').nullable().default(null),
  task_type: z.literal('CAUSAL_LM').nullable().default('CAUSAL_LM'),
  inference_mode: z.boolean().default(false).describe('true (as PEFT saves): the virtual tokens are fixed, no encoder'),
  base_model_name_or_path: z.string().nullable().default(null),
  revision: z.string().nullable().default(null),
  auto_mapping: z.record(z.string(), z.unknown()).nullable().default(null),
  peft_version: z.string().optional(),
});

export type PTuningConfig = z.infer<typeof PTuningConfig>;
