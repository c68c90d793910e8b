// Fine-tuning jobs, shaped like OpenAI's /v1/fine_tuning/jobs.
import { z } from 'zod';
import { Name } from './common.ts';

const auto = <T extends z.ZodType>(t: T) => z.union([z.literal('auto'), t]);

export const Hyperparameters = z.strictObject({
  n_epochs: auto(z.number().int().positive().max(1000)).default('auto'),
  batch_size: auto(z.number().int().positive().max(1024)).default('auto'),
  learning_rate: auto(z.number().positive().max(1)).default('auto').describe("absolute learning rate; 'auto' is 2e-4 (× learning_rate_multiplier)"),
  learning_rate_multiplier: auto(z.number().positive().max(100)).default('auto').describe('OpenAI compatibility: scales the default learning rate'),
  steps: z.number().int().positive().max(1_000_000).optional().describe('optimizer steps; wins over n_epochs'),
  seq_len: z.number().int().min(8).max(32_768).optional(),
  warmup_steps: z.number().int().nonnegative().optional(),
  eval_every: z.number().int().positive().optional().describe('steps between validation passes (with a validation_file; default: 10 passes per run)'),
  lr_scheduler: z.enum(['constant', 'linear', 'cosine']).optional(),
});
export type Hyperparameters = z.output<typeof Hyperparameters>;

export const JobMethod = z.strictObject({
  type: z.string().min(1).describe('a fine-tuning method plugin: lora, dora, ia3, qlora, prefix-tuning, …'),
  config: z.record(z.string(), z.unknown()).default({}).describe("the plugin's config (validated by its zod schema)"),
});

export const CreateJob = z.strictObject({
  model: z.string().min(1).describe('a base model id from /v1/models'),
  training_file: z.string().min(1).describe('a dataset id'),
  validation_file: z.string().min(1).nullable().optional(),
  method: JobMethod.default({ type: 'lora', config: {} }),
  hyperparameters: Hyperparameters.default({ n_epochs: 'auto', batch_size: 'auto', learning_rate: 'auto', learning_rate_multiplier: 'auto' }),
  suffix: Name.max(40).nullable().optional().describe('the adapter name to publish to; a suffix reused by later jobs adds versions to the same adapter'),
  seed: z.number().int().nonnegative().max(2 ** 31 - 1).optional(),
});
export type CreateJob = z.output<typeof CreateJob>;

export const JobStatusEnum = z.enum(['validating_files', 'queued', 'running', 'succeeded', 'failed', 'cancelled']);

export const JobObject = z.object({
  object: z.literal('fine_tuning.job'), id: z.string(), model: z.string(), created_at: z.number().int(), finished_at: z.number().int().nullable(),
  fine_tuned_model: z.string().nullable(), organization_id: z.string(), result_files: z.array(z.string()), status: JobStatusEnum,
  validation_file: z.string().nullable(), training_file: z.string(), hyperparameters: z.record(z.string(), z.unknown()),
  trained_tokens: z.number().int().nullable(), error: z.object({ code: z.string(), message: z.string(), param: z.string().nullable() }).nullable(),
  seed: z.number().int(), method: z.object({ type: z.string(), config: z.unknown() }), suffix: z.string().nullable(),
  estimated_finish: z.null(), integrations: z.array(z.unknown()), metadata: z.null(),
});

export const EventObject = z.object({
  object: z.literal('fine_tuning.job.event'), id: z.string(), created_at: z.number().int(), level: z.enum(['info', 'warn', 'error']),
  message: z.string(), type: z.enum(['message', 'metrics']), data: z.record(z.string(), z.unknown()).nullable(),
});

export const CheckpointObject = z.object({
  object: z.literal('fine_tuning.job.checkpoint'), id: z.string(), created_at: z.number().int(), fine_tuned_model_checkpoint: z.string(),
  step_number: z.number().int(), metrics: z.record(z.string(), z.number()), fine_tuning_job_id: z.string(), sha256: z.string(),
});

export const EventsQuery = z.strictObject({
  after: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  stream: z.enum(['true', 'false']).optional().describe('true: Server-Sent Events until the job finishes (or send Accept: text/event-stream)'),
});
