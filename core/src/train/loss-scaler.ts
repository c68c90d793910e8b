// Dynamic loss scaling, as torch.amp.GradScaler updates it. The graph does the rest (train/update.ts):
// the backward is seeded with the scale, gradients are divided by it, and an inf/NaN holds the step.
// The graphs compute in float32 here, so on the CPU this exercises the mechanics only (ORT's CPU provider
// lacks fp16 kernels for most ops); fp16 activations are for the webgpu and cuda providers. A skipped step
// still advances the LR schedule and AdamW's t (as transformers' Trainer counts it), unlike torch's
// optimizer-internal step count.

export interface LossScalerConfig {
  init: number;
  growthFactor: number;
  backoffFactor: number;
  growthInterval: number;
  dynamic: boolean;
}

export interface LossScalerState {
  scale: number;
  /** Finite steps since the last growth or backoff. */
  good: number;
}

export const initialScaler = (c: LossScalerConfig): LossScalerState => ({ scale: c.init, good: 0 });

/** After a step: back off (the step was skipped) on inf/NaN, grow after `growthInterval` finite steps in a row. */
export function scalerUpdate(s: LossScalerState, finite: boolean, c: LossScalerConfig): LossScalerState {
  if (!c.dynamic) return s;
  if (!finite) return { scale: s.scale * c.backoffFactor, good: 0 };
  const good = s.good + 1;
  return good >= c.growthInterval ? { scale: s.scale * c.growthFactor, good: 0 } : { scale: s.scale, good };
}
