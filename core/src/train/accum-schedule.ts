// The batch-size schedule: how many micro-batches each optimizer step sums.
import type { z } from 'zod';
import type { AccumStage } from './train-config-extras.ts';

type Stage = z.infer<typeof AccumStage>;

/** Micro-batches at 0-based optimizer step `step`: the last stage starting at or before it, else `base`. */
export function accumAt(step: number, base: number, stages: readonly Stage[]): number {
  let accum = base;
  let from = -1;
  for (const s of stages) if (s.step <= step && s.step >= from) [accum, from] = [s.accum, s.step];
  return accum;
}

/** Optimizer steps needed to draw at least `microBatches` micro-batches. */
export function stepsFor(microBatches: number, base: number, stages: readonly Stage[]): number {
  let steps = 0;
  for (let drawn = 0; drawn < microBatches; steps++) drawn += accumAt(steps, base, stages);
  return Math.max(1, steps);
}

/** Whether any step sums more than one micro-batch (then the runner compiles the accumulation graphs). */
export const accumulates = (base: number, stages: readonly Stage[]) => base > 1 || stages.some((s) => s.accum > 1);
