import { z } from 'zod';
import { LoraConfig } from '@edgetune/plugin-lora';

/**
 * QLoRA's config: PEFT's LoraConfig fields (the adapter is plain LoRA) plus how the frozen base is
 * quantized, which PEFT leaves to bitsandbytes (transformers' BitsAndBytesConfig).
 */
export const QloraConfig = LoraConfig.safeExtend({
  quant_type: z.literal('nf4').default('nf4').describe('4-bit NormalFloat codes (Dettmers et al. 2023)'),
  block_size: z
    .number()
    .int()
    .positive()
    .refine((n) => n % 2 === 0, 'block_size must be even (two codes per byte)')
    .default(64)
    .describe('weights per absmax scale, as bitsandbytes'),
  double_quant: z.boolean().default(true).describe('quantize the absmax scales too: int8, blocks of 256 (bnb_4bit_use_double_quant)'),
  quantize_modules: z
    .enum(['all', 'targets'])
    .default('all')
    .describe("'all': every linear of the blocks is 4-bit, as QLoRA does; 'targets': only the LoRA targets"),
});

export type QloraConfig = z.infer<typeof QloraConfig>;
