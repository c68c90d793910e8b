import { z } from 'zod';

export const OptimizerConfig = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('adamw'),
    lr: z.number().positive().default(2e-4),
    beta1: z.number().min(0).lt(1).default(0.9),
    beta2: z.number().min(0).lt(1).default(0.999),
    eps: z.number().positive().default(1e-8),
    weightDecay: z.number().min(0).default(0.01),
  }),
  z.object({
    type: z.literal('sgd'),
    lr: z.number().positive().default(1e-2),
    momentum: z.number().min(0).lt(1).default(0.9),
    nesterov: z.boolean().default(false),
    weightDecay: z.number().min(0).default(0),
  }),
]);
export type OptimizerConfig = z.infer<typeof OptimizerConfig>;

/** Names of the optimizer state tensors kept per parameter. */
export function stateSlots(o: OptimizerConfig): string[] {
  return o.type === 'adamw' ? ['exp_avg', 'exp_avg_sq'] : ['momentum_buffer'];
}
