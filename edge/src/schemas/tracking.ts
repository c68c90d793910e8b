// Tracking (issue 9): completion feedback, promotion, alias drift monitors.
import { z } from 'zod';
import { AliasName } from './adapters.ts';

export const Feedback = z.strictObject({
  thumbs: z.enum(['up', 'down']).optional(),
  score: z.number().min(0).max(1).optional().describe('a quality score in [0, 1]'),
}).refine((f) => (f.thumbs === undefined) !== (f.score === undefined), { message: 'give exactly one of thumbs or score', path: ['score'] });

export const Promote = z.strictObject({
  version: z.number().int().positive(),
  alias: AliasName.optional().describe('also point this alias at the winner'),
});

export const Thresholds = z.strictObject({
  perplexityRatio: z.number().positive().optional(),
  lengthPsi: z.number().positive().optional(),
  vocabularyJsd: z.number().positive().max(1).optional(),
  labelPsi: z.number().positive().optional(),
});

/** The largest drift window, and so the sampled requests an alias keeps (older ones are deleted). */
export const MAX_DRIFT_WINDOW = 1000;

export const SetMonitor = z.strictObject({
  eval_dataset: z.string().min(1).describe('a dataset id: the baseline of the drift report'),
  sample_rate: z.number().min(0).max(1).describe('share of requests to the alias whose prompts are kept'),
  thresholds: Thresholds.default({}),
  check_every_s: z.number().int().min(60).max(7 * 86400).nullable().default(null)
    .describe('also check in the background this often, while new traffic is sampled (null: only when a report is asked for)'),
  check_window: z.number().int().min(1).max(MAX_DRIFT_WINDOW).default(100).describe('newest sampled requests a background check compares'),
});

export const DriftQuery = z.strictObject({ window: z.coerce.number().int().min(1).max(MAX_DRIFT_WINDOW).default(100).describe('newest sampled requests to compare') });

export const RecipePublish = z.strictObject({
  alias: AliasName,
  traffic_share: z.number().gt(0).max(1).describe('share of traffic the new version gets (the B side)'),
  eval_dataset: z.string().min(1).optional().describe("a dataset id to score the new and the current version on before the split moves (default: the alias monitor's eval_dataset)"),
  require_improvement: z.boolean().default(false).describe("move traffic only when the new version's eval NLL is lower than the current version's"),
});
