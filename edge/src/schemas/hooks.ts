import { z } from 'zod';
import { Name } from './common.ts';
import { CreateJob, Hyperparameters } from './jobs.ts';
import { WEBHOOK_EVENTS } from '../services/webhooks/emit.ts';

export const CreateHook = z.strictObject({
  name: Name,
  recipe: CreateJob.describe('the fine-tuning job each signed delivery starts'),
});

/** Inbound payloads may carry anything (they come from other systems); only `overrides` is ours. */
export const HookPayload = z.object({
  overrides: z.strictObject({
    training_file: z.string().min(1).optional(),
    validation_file: z.string().min(1).nullable().optional(),
    hyperparameters: Hyperparameters.partial().optional(),
    seed: z.number().int().nonnegative().max(2 ** 31 - 1).optional(),
  }).optional(),
}).passthrough();

export const CreateWebhook = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  events: z.array(z.enum([...WEBHOOK_EVENTS, '*'])).min(1),
});

export const DeliveriesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });
