import { z } from 'zod';
import { ops, type Value } from '../graph/index.ts';

export const ScheduleConfig = z.object({
  type: z.enum(['constant', 'linear', 'cosine']).default('linear'),
  warmupSteps: z.number().int().nonnegative().default(0),
  totalSteps: z.number().int().positive(),
  /** Cosine: the floor as a fraction of the peak learning rate. */
  minRatio: z.number().min(0).max(1).default(0),
});
export type ScheduleConfig = z.infer<typeof ScheduleConfig>;

/**
 * The learning-rate multiplier at 0-based optimizer step `s`, as transformers' get_*_schedule_with_warmup:
 * warmup s/warmup, then constant, linear decay to 0, or half a cosine down to minRatio.
 */
export function lrMultiplier(s: number, c: ScheduleConfig): number {
  if (s < c.warmupSteps) return s / Math.max(1, c.warmupSteps);
  if (c.type === 'constant') return 1;
  const progress = Math.min(1, (s - c.warmupSteps) / Math.max(1, c.totalSteps - c.warmupSteps));
  if (c.type === 'linear') return Math.max(0, 1 - progress);
  return c.minRatio + (1 - c.minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/** The same schedule inside the graph, from the 0-based step `s` (float scalar) and the peak rate. */
export function lrInGraph(s: Value, peak: number, c: ScheduleConfig): Value {
  const warm = ops.div(s, Math.max(1, c.warmupSteps));
  const progress = ops.min(ops.div(ops.sub(s, c.warmupSteps), Math.max(1, c.totalSteps - c.warmupSteps)), 1);
  let decay: Value;
  if (c.type === 'constant') decay = ops.add(ops.mul(s, 0), 1);
  else if (c.type === 'linear') decay = ops.max(ops.sub(1, progress), 0);
  else decay = ops.add(ops.mul(ops.add(ops.cos(ops.mul(progress, Math.PI)), 1), 0.5 * (1 - c.minRatio)), c.minRatio);
  return ops.mul(ops.where(ops.less(s, c.warmupSteps), warm, decay), peak);
}
