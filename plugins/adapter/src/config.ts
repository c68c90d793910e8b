import { z } from 'zod';

/**
 * Bottleneck adapters (Houlsby et al. 2019; Pfeiffer et al. 2020), with AdapterHub's field names where
 * they exist. Houlsby: an adapter after attention and after the MLP; Pfeiffer: after the MLP only.
 */
export const AdapterConfig = z
  .object({
    variant: z.enum(['pfeiffer', 'houlsby']).default('pfeiffer').describe('pfeiffer: after the MLP; houlsby: after attention and after the MLP'),
    bottleneck: z.number().int().positive().nullable().default(null).describe('bottleneck width; null: hidden / reduction_factor'),
    reduction_factor: z.number().positive().default(16).describe('hidden / bottleneck when bottleneck is null'),
    non_linearity: z.enum(['relu', 'gelu', 'gelu_new', 'tanh', 'silu']).default('relu'),
    scaling: z.number().default(1).describe('multiplies the adapter branch: h + scaling * up(act(down(h)))'),
    init_std: z.number().nonnegative().default(1e-2).describe('std of the normal init of down; up starts at zero (identity)'),
    layers_to_transform: z.array(z.number().int().nonnegative()).nullable().default(null).describe('blocks that get adapters; null: all'),
    train_layer_norms: z.boolean().default(false).describe('also train the base norms, as Houlsby et al. did'),
  })
  .strict();

export type AdapterConfig = z.infer<typeof AdapterConfig>;

/** The bottleneck width on a model of width `hidden`. */
export function bottleneckSize(cfg: AdapterConfig, hidden: number): number {
  return cfg.bottleneck ?? Math.max(1, Math.round(hidden / cfg.reduction_factor));
}
