// A job's hyperparameters → core's TrainConfig fields. 'auto' picks values that suit small data.
import type { TrainOptions } from '@edgetune/core/train/trainer.ts';

export const AUTO = { epochs: 3, maxBatch: 8, lr: 2e-4, maxSeq: 256 } as const;

/** Validation passes per run when a job has a validation file and sets no `eval_every`. */
export const AUTO_EVALS = 10;

export function trainConfigFor(h: Record<string, unknown>, records: number, maxPositions: number, seed: number, validation = false): Partial<TrainOptions> {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const mult = num(h.learning_rate_multiplier) ?? 1;
  const batch = num(h.batch_size) ?? Math.max(1, Math.min(AUTO.maxBatch, records));
  const steps = num(h.steps) ?? (num(h.n_epochs) ?? AUTO.epochs) * Math.ceil(records / batch);
  return {
    ...(num(h.steps) !== undefined ? { steps: num(h.steps) } : { epochs: num(h.n_epochs) ?? AUTO.epochs }),
    // a validation curve while training, not only a final number
    ...(validation ? { evalEvery: num(h.eval_every) ?? Math.max(1, Math.ceil(steps / AUTO_EVALS)) } : {}),
    batch,
    seq: Math.min(num(h.seq_len) ?? AUTO.maxSeq, maxPositions),
    optimizer: { type: 'adamw', lr: num(h.learning_rate) ?? AUTO.lr * mult },
    schedule: { type: (h.lr_scheduler as 'constant' | 'linear' | 'cosine' | undefined) ?? 'linear', warmupSteps: num(h.warmup_steps) ?? 0 },
    seed,
  };
}
