import { z } from 'zod';

/** LoRA's config under PEFT's field names, so adapter_config.json round-trips unchanged. */
export const LoraConfig = z
  .object({
    r: z.number().int().positive().default(8).describe('rank of the update B·A'),
    lora_alpha: z.number().positive().default(8).describe('scaling numerator: alpha/r, or alpha/sqrt(r) with rsLoRA'),
    target_modules: z
      .union([z.array(z.string().min(1)).min(1), z.string().min(1)])
      .default(['c_attn', 'c_proj', 'c_fc', 'q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'])
      .describe('module names (suffix match) or one regex over the full module path'),
    lora_dropout: z.number().min(0).max(1).default(0).describe('dropout on the LoRA input (identity at inference)'),
    fan_in_fan_out: z.boolean().default(false).describe("true for GPT-2's Conv1D weights [in, out]"),
    use_rslora: z.boolean().default(false).describe('rank-stabilized scaling alpha/sqrt(r)'),
    init_lora_weights: z
      .union([z.boolean(), z.string()])
      .default(true)
      .describe("true: kaiming A and zero B; 'gaussian'; false: both random. Other PEFT inits load but cannot start training"),
    exclude_modules: z.union([z.array(z.string()), z.string()]).nullable().default(null),
    layers_to_transform: z.array(z.number().int().nonnegative()).nullable().default(null),
    rank_pattern: z.record(z.string(), z.number().int().positive()).default({}),
    alpha_pattern: z.record(z.string(), z.number().positive()).default({}),
    bias: z.literal('none').default('none'),
    use_dora: z.literal(false).default(false).describe('DoRA is the separate `dora` method'),
  })
  .passthrough()
  .superRefine((c, ctx) => {
    // PEFT options that change the math; accepting them silently would compute a different model.
    const unsupported: [string, boolean][] = [
      ['lora_bias', c.lora_bias === true],
      ['modules_to_save', Array.isArray(c.modules_to_save) && c.modules_to_save.length > 0],
      ['layer_replication', c.layer_replication != null],
      ['trainable_token_indices', c.trainable_token_indices != null],
      ['target_parameters', c.target_parameters != null],
      ['use_qalora', c.use_qalora === true],
    ];
    for (const [field, on] of unsupported) if (on) ctx.addIssue({ code: 'custom', path: [field], message: `${field} is not supported by the lora plugin` });
  });

export type LoraConfig = z.infer<typeof LoraConfig>;

/** The per-module rank and scaling, honouring rank_pattern / alpha_pattern (suffix keys as in PEFT). */
export function moduleRank(cfg: LoraConfig, path: string): { r: number; scaling: number } {
  const pick = <T>(pattern: Record<string, T>, fallback: T): T => {
    const key = Object.keys(pattern).find((k) => path === k || path.endsWith(`.${k}`) || new RegExp(`(^|\\.)${k}$`).test(path));
    return key === undefined ? fallback : pattern[key]!;
  };
  const r = pick(cfg.rank_pattern, cfg.r);
  const alpha = pick(cfg.alpha_pattern, cfg.lora_alpha);
  return { r, scaling: cfg.use_rslora ? alpha / Math.sqrt(r) : alpha / r };
}
