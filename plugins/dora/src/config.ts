import { z } from 'zod';
import { LoraConfig } from '@edgetune/plugin-lora';

/** DoRA's config: PEFT's LoraConfig with use_dora pinned to true (PEFT has no separate DoraConfig). */
export type DoraConfig = { [K in keyof LoraConfig]: K extends 'use_dora' ? true : LoraConfig[K] };

// LoraConfig pins use_dora to false, so zod's types refuse the override; the runtime schema is exactly
// LoraConfig's (same refinements) with this one field replaced.
const useDora = { use_dora: z.literal(true).default(true).describe('DoRA: LoRA plus a learned magnitude per output row') };
export const DoraConfig = LoraConfig.safeExtend(useDora as never) as unknown as z.ZodType<DoraConfig>;

/** The LoRA part of a DoRA config, for the lora plugin's helpers (moduleRank, applyLora, mergeLora). */
export const loraView = (cfg: DoraConfig): LoraConfig => ({ ...cfg, use_dora: false });
