import { z } from 'zod';

/**
 * Progressive unfreezing with layer-wise learning-rate decay (Howard & Ruder 2018, ULMFiT; Clark et al.
 * 2020). The top block (with the final norm) trains from step 0; every `unfreeze_every` steps the next
 * block down joins. A block at distance d from the top trains at lr * lr_decay^d.
 */
export const LayerwiseConfig = z
  .object({
    unfreeze_every: z.number().int().positive().default(100).describe('steps between unfreezing one block and the next one down'),
    lr_decay: z.number().gt(0).max(1).default(0.9).describe('per-block LR multiplier: lr * lr_decay^(distance from the top block)'),
    embeddings: z.boolean().default(false).describe('also train token/position embeddings, unfrozen last (distance = number of blocks)'),
  })
  .strict();

export type LayerwiseConfig = z.infer<typeof LayerwiseConfig>;
