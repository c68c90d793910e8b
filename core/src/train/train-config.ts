import { z } from 'zod';
import { OptimizerConfig } from './optimizer-config.ts';
import { AccumStage, Distill, EarlyStopping, Ewc, LossScale, Plateau } from './train-config-extras.ts';

/**
 * Everything about a run except where its inputs and outputs live; the CLI and job payloads both
 * land here, so every knob is validated once. `steps` wins over `epochs`; neither means one epoch.
 */
export const TrainConfig = z.object({
  steps: z.number().int().positive().optional(),
  epochs: z.number().positive().optional(),
  /** Rows per micro-batch (one compiled graph run). */
  batch: z.number().int().positive().default(8),
  seq: z.number().int().min(2).default(128),
  /** Micro-batches summed into one optimizer step (effective batch = batch * gradAccum). */
  gradAccum: z.number().int().positive().default(1),
  /** Stages that change gradAccum at given optimizer steps (a growing effective batch). */
  gradAccumSchedule: z.array(AccumStage).default([]),
  optimizer: OptimizerConfig.default({ type: 'adamw', lr: 2e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 }),
  schedule: z.object({
    type: z.enum(['constant', 'linear', 'cosine']).default('linear'),
    warmupSteps: z.number().int().nonnegative().default(0),
    minRatio: z.number().min(0).max(1).default(0),
  }).default({ type: 'linear', warmupSteps: 0, minRatio: 0 }),
  /** 0 turns clipping off. */
  maxGradNorm: z.number().nonnegative().default(1),
  gradientCheckpointing: z.boolean().default(false),
  /** Several short examples share a row (fewer pad tokens); off: one example per row. */
  packing: z.boolean().default(true),
  seed: z.number().int().nonnegative().default(0),
  device: z.enum(['cpu', 'webgpu', 'cuda']).default('cpu'),
  /** Validation loss every N optimizer steps (and after the last); needs `validation` or valSplit. */
  evalEvery: z.number().int().positive().optional(),
  /** Hold out this fraction of the training records (seeded) as the validation set. */
  valSplit: z.number().gt(0).lt(1).optional(),
  earlyStopping: EarlyStopping.optional(),
  plateau: Plateau.optional(),
  /** A checkpoint every N steps into OUT/checkpoints (plus one whenever the monitored metric improves). */
  checkpointEvery: z.number().int().positive().optional(),
  /** Newest checkpoints kept besides the best one. */
  keepLast: z.number().int().positive().default(2),
  /** torch's CrossEntropyLoss(label_smoothing): (1-ε)·CE + ε·mean over the vocabulary of -log p. */
  labelSmoothing: z.number().min(0).lt(1).default(0),
  distill: Distill.optional(),
  ewc: Ewc.optional(),
  /** lr · decay^(layers-1-layer) by the tensor's block; embeddings get decay^layers, others 1. */
  layerLrDecay: z.number().gt(0).max(1).optional(),
  lossScale: LossScale.optional(),
  /** What the run trains: next tokens, or a task head (heads/task.ts) on the last hidden states. */
  task: z.enum(['causal-lm', 'sequence-classification', 'regression', 'token-classification']).default('causal-lm'),
  /** Class or tag names by index (saved with the adapter); default: integer labels, or the sorted names found. */
  labels: z.array(z.string().min(1)).min(1).optional(),
  /** Evaluate once before the first step (step 0), to log where training starts. */
  evalOnStart: z.boolean().default(false),
});
export type TrainConfig = z.infer<typeof TrainConfig>;
export type TrainConfigInput = z.input<typeof TrainConfig>;
