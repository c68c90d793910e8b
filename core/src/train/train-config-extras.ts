// The schemas of the optional trainer features: evaluation, early stopping, plateau LR, checkpoints,
// loss variants (label smoothing, distillation, EWC), layer-wise LR decay and loss scaling.
import { z } from 'zod';

const int = () => z.number().int();

/** `split.key` of a metrics.jsonl line, e.g. 'validation.loss' or 'train.grad_norm'; a bare key means validation. */
const Metric = z.string().regex(/^(?:(?:train|validation)\.)?[a-z_]+$/, "expected 'validation.loss', 'train.loss' or a key like 'loss'");

/** From optimizer step `step` (0-based) on, each step sums `accum` micro-batches: the batch-size schedule. */
export const AccumStage = z.object({ step: int().nonnegative(), accum: int().positive() });

/** Scores where higher is better (task heads' accuracy, F1, AUC, R², …); anything else is minimized. */
const HIGHER_IS_BETTER = /(?:^|\.)(?:accuracy|token_accuracy|exact_match|r2|roc_auc\w*|(?:precision|recall|f1)_\w+|entity_\w+)$/;
export const defaultMode = (metric: string): 'min' | 'max' => (HIGHER_IS_BETTER.test(metric) ? 'max' : 'min');
/** An unset mode follows the metric, so 'validation.accuracy' alone is maximized. */
const withMode = <T extends { metric: string; mode?: 'min' | 'max' }>(o: T) => ({ ...o, mode: o.mode ?? defaultMode(o.metric) });

export const EarlyStopping = z.object({
  metric: Metric.default('validation.loss'),
  mode: z.enum(['min', 'max']).optional(),
  /** Checks of the metric without an improvement of more than minDelta before the run stops. */
  patience: int().positive(),
  minDelta: z.number().nonnegative().default(0),
}).transform(withMode);

/** torch.optim.lr_scheduler.ReduceLROnPlateau, checked whenever the metric is logged. */
export const Plateau = z.object({
  metric: Metric.default('validation.loss'),
  mode: z.enum(['min', 'max']).optional(),
  factor: z.number().gt(0).lt(1).default(0.1),
  patience: int().nonnegative().default(10),
  threshold: z.number().nonnegative().default(1e-4),
  thresholdMode: z.enum(['rel', 'abs']).default('rel'),
  cooldown: int().nonnegative().default(0),
  /** Floor of the peak learning rate after reductions (the schedule still shapes it). */
  minLr: z.number().nonnegative().default(0),
  eps: z.number().nonnegative().default(1e-8),
}).transform(withMode);

export const Distill = z.object({
  /** A Hugging Face model folder with the student's vocabulary. */
  teacher: z.string().min(1),
  /** Weight of the (label-smoothed) CE; 1 - alpha goes to T² · KL(teacher || student). */
  alpha: z.number().min(0).max(1).default(0.5),
  temperature: z.number().positive().default(2),
});

export const Ewc = z.object({
  lambda: z.number().nonnegative(),
  /** Reference JSONL for the Fisher; default: the training data. */
  data: z.string().min(1).optional(),
  /** Reference batches averaged into the Fisher. */
  batches: int().positive().default(8),
});

/** Dynamic loss scaling as torch.amp.GradScaler: skip and back off on inf/NaN, grow after `growthInterval` good steps. */
export const LossScale = z.object({
  init: z.number().positive().default(2 ** 16),
  growthFactor: z.number().gt(1).default(2),
  backoffFactor: z.number().gt(0).lt(1).default(0.5),
  growthInterval: int().positive().default(2000),
  dynamic: z.boolean().default(true),
});
