import { z } from 'zod';
import { Name } from './common.ts';
import { CreateJob, Hyperparameters } from './jobs.ts';
import { WEBHOOK_EVENTS } from '../services/webhooks/emit.ts';
import { RecipePublish } from './tracking.ts';

export const CreateHook = z.strictObject({
  name: Name,
  recipe: CreateJob.describe('the fine-tuning job each signed delivery starts'),
  schedule: z.string().max(100).optional().describe("5-field cron (UTC), e.g. '0 3 1 */3 *': the recipe also fires on this schedule"),
  on_drift: z.boolean().optional().describe("fire when publish.alias of the recipe's adapter (its suffix) starts drifting"),
  publish: RecipePublish.optional().describe('publish the new version to this alias as the B side of a traffic split'),
}).superRefine((h, ctx) => {
  if (h.on_drift && !h.publish) ctx.addIssue({ code: 'custom', message: 'on_drift needs publish.alias', path: ['publish'] });
  if ((h.on_drift || h.publish) && !h.recipe.suffix) ctx.addIssue({ code: 'custom', message: 'publish and on_drift need the adapter name (recipe.suffix)', path: ['recipe', 'suffix'] });
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
