import { z } from 'zod';

/** Full fine-tuning: every base tensor the model uses is trained. */
export const FullConfig = z
  .object({
    train_embeddings: z
      .boolean()
      .default(true)
      .describe('also train token/position embeddings and the LM head; false keeps them frozen to save memory'),
  })
  .strict();

export type FullConfig = z.infer<typeof FullConfig>;
