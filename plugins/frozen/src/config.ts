import { z } from 'zod';

export const FROZEN_MODES = ['top_layers', 'patterns', 'bitfit', 'layernorm'] as const;

/** Partial fine-tuning: which base tensors train is chosen by `mode`; everything else stays frozen. */
export const FrozenConfig = z
  .object({
    mode: z
      .enum(FROZEN_MODES)
      .default('top_layers')
      .describe('top_layers: the last N blocks; patterns: tensors whose HF name matches; bitfit: every bias; layernorm: every norm weight and bias'),
    layers: z.number().int().positive().default(2).describe('top_layers: how many of the last blocks train (more than the model has: all)'),
    final_norm: z.boolean().default(true).describe('top_layers: also train the final norm (ln_f / model.norm)'),
    patterns: z.array(z.string().min(1)).default([]).describe('patterns: HF tensor names to train, e.g. "transformer.h.*.attn.*"'),
    pattern_syntax: z
      .enum(['glob', 'regex'])
      .default('glob')
      .describe('glob: fnmatch-style (* any run of characters, ? one, [abc] a class); regex: JavaScript regex matching the whole name'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.mode === 'patterns' && c.patterns.length === 0) ctx.addIssue({ code: 'custom', path: ['patterns'], message: "mode 'patterns' needs at least one pattern" });
    if (c.pattern_syntax === 'regex') {
      c.patterns.forEach((p, i) => {
        try {
          new RegExp(p);
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: ['patterns', i], message: `not a valid regex: ${(err as Error).message}` });
        }
      });
    }
  });

export type FrozenConfig = z.infer<typeof FrozenConfig>;
