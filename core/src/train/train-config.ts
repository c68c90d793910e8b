import { z } from 'zod';
import { OptimizerConfig } from './optimizer-config.ts';

/**
 * Everything about a run except where its inputs and outputs live; the CLI and job payloads both
 * land here, so every knob is validated once. `steps` wins over `epochs`; neither means one epoch.
 */
export const TrainConfig = z.object({
  steps: z.number().int().positive().optional(),
  epochs: z.number().positive().optional(),
  batch: z.number().int().positive().default(8),
  seq: z.number().int().min(2).default(128),
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
});
export type TrainConfig = z.infer<typeof TrainConfig>;
export type TrainConfigInput = z.input<typeof TrainConfig>;
