import { z } from 'zod';

/** PEFT's IA3 target modules for the families edgetune builds: gpt2 (c_attn, mlp.c_proj), llama (k_proj, v_proj, down_proj). */
export const IA3_DEFAULT_TARGETS = ['c_attn', 'mlp.c_proj', 'k_proj', 'v_proj', 'down_proj'];
/** PEFT's IA3 feedforward modules for the same families: their input is scaled instead of their output. */
export const IA3_DEFAULT_FEEDFORWARD = ['mlp.c_proj', 'down_proj'];

const Modules = z.union([z.array(z.string().min(1)), z.string().min(1)]);

/** IA3's config under PEFT's field names, so adapter_config.json round-trips unchanged. */
export const IA3Config = z
  .object({
    target_modules: z
      .union([z.array(z.string().min(1)).min(1), z.string().min(1)])
      .default(IA3_DEFAULT_TARGETS)
      .describe("module names (suffix match) or one regex over the full module path; default is PEFT's per-family list"),
    feedforward_modules: Modules.nullable()
      .default(null)
      .describe('modules whose input is scaled (PEFT: path ends with an entry, or a full-match regex); null: PEFT\'s defaults among the targets'),
    exclude_modules: Modules.nullable().default(null),
    fan_in_fan_out: z.boolean().default(false).describe("true for GPT-2's Conv1D weights [in, out] (bookkeeping only here)"),
    init_ia3_weights: z.boolean().default(true).describe('true: start at ones (identity); false: random normal, as PEFT'),
  })
  .passthrough()
  .superRefine((c, ctx) => {
    // PEFT's own check (IA3Config.__post_init__): a feedforward module must be one of the targets.
    if (Array.isArray(c.feedforward_modules) && Array.isArray(c.target_modules)) {
      const missing = c.feedforward_modules.filter((f) => !(c.target_modules as string[]).includes(f));
      if (missing.length) ctx.addIssue({ code: 'custom', path: ['feedforward_modules'], message: `feedforward_modules should be a subset of target_modules (not: ${missing.join(', ')})` });
    }
    if (Array.isArray(c.modules_to_save) && c.modules_to_save.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['modules_to_save'], message: 'modules_to_save is not supported by the ia3 plugin' });
    }
  });

export type IA3Config = z.infer<typeof IA3Config>;

/**
 * The feedforward modules in effect. Left null, PEFT's defaults apply to those among the listed targets
 * (all of them for a regex target), so the saved config still passes PEFT's subset check.
 */
export function feedforwardModules(cfg: IA3Config): string | string[] {
  if (cfg.feedforward_modules !== null) return cfg.feedforward_modules;
  const targets = cfg.target_modules;
  return typeof targets === 'string' ? IA3_DEFAULT_FEEDFORWARD : IA3_DEFAULT_FEEDFORWARD.filter((f) => targets.includes(f));
}

/** PEFT's _check_target_module_feedforward: full-match regex, or the module path ends with an entry. */
export function isFeedforward(cfg: IA3Config, path: string): boolean {
  const ff = feedforwardModules(cfg);
  return typeof ff === 'string' ? new RegExp(`^(?:${ff})$`).test(path) : ff.some((f) => path.endsWith(f));
}
