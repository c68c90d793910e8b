import { z } from 'zod';

/** Fields every PEFT prompt-learning config has (PromptLearningConfig), under PEFT's names. */
const promptLearning = {
  num_virtual_tokens: z.number().int().positive().default(20).describe('virtual tokens P prepended to every input'),
  token_dim: z.number().int().positive().nullable().default(null).describe('embedding width; null: the model hidden size'),
  num_transformer_submodules: z.literal(1).nullable().default(1).describe('1 for decoder-only models (2 is seq2seq)'),
  num_attention_heads: z.number().int().positive().nullable().default(null).describe('informational for prompt tuning'),
  num_layers: z.number().int().positive().nullable().default(null).describe('informational for prompt tuning'),
  modules_to_save: z.array(z.string()).max(0, 'modules_to_save is not supported').nullable().default(null),
  task_type: z.literal('CAUSAL_LM').nullable().default('CAUSAL_LM'),
  inference_mode: z.boolean().default(false),
  base_model_name_or_path: z.string().nullable().default(null),
  revision: z.string().nullable().default(null),
  auto_mapping: z.record(z.string(), z.unknown()).nullable().default(null),
  peft_version: z.string().optional(),
};

/** PEFT's PromptTuningConfig (Lester et al. 2021): P trainable input embeddings. */
export const PromptTuningConfig = z
  .object({
    ...promptLearning,
    prompt_tuning_init: z.enum(['RANDOM', 'TEXT', 'SAMPLE_VOCAB']).default('RANDOM')
      .describe('RANDOM: N(0, 1) like nn.Embedding; TEXT: embeddings of the init text; SAMPLE_VOCAB: embeddings of random tokens'),
    prompt_tuning_init_text: z.string().nullable().default(null),
    tokenizer_name_or_path: z.string().nullable().default(null).describe('with TEXT: a local folder holding tokenizer.json'),
    tokenizer_kwargs: z.record(z.string(), z.unknown()).nullable().default(null),
    prompt_tuning_init_ids: z.array(z.number().int().nonnegative()).min(1).optional()
      .describe('edgetune only (not saved): token ids of the init text, instead of tokenizing it'),
  })
  .superRefine((c, ctx) => {
    // PEFT's PromptTuningConfig.__post_init__ rules, so every config we save loads in PEFT.
    if (c.prompt_tuning_init === 'TEXT') {
      if (!c.tokenizer_name_or_path) ctx.addIssue({ code: 'custom', path: ['tokenizer_name_or_path'], message: "prompt_tuning_init 'TEXT' needs tokenizer_name_or_path" });
      if (c.prompt_tuning_init_text == null) ctx.addIssue({ code: 'custom', path: ['prompt_tuning_init_text'], message: "prompt_tuning_init 'TEXT' needs prompt_tuning_init_text" });
    } else if (c.tokenizer_kwargs) {
      ctx.addIssue({ code: 'custom', path: ['tokenizer_kwargs'], message: "tokenizer_kwargs is only valid with prompt_tuning_init 'TEXT'" });
    }
  });

export type PromptTuningConfig = z.infer<typeof PromptTuningConfig>;
