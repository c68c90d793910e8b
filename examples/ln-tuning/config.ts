import { z } from 'zod';

const Targets = z.union([z.array(z.string().min(1)).min(1), z.string().min(1)]);

/** PEFT's LNTuningConfig fields; target_modules null means PEFT's per-architecture defaults. */
export const LnTuningConfig = z
  .object({
    target_modules: Targets.nullable().default(null).describe('norm modules to tune: names (suffix match) or one regex over the module path; null: the architecture default'),
    exclude_modules: Targets.nullable().default(null).describe('modules to leave frozen, same matching'),
    modules_to_save: z.null().default(null).describe('not supported: must be null'),
  })
  .passthrough(); // PEFT envelope fields (peft_version, revision, …) ride along

export type LnTuningConfig = z.infer<typeof LnTuningConfig>;

/** PEFT's TRANSFORMERS_MODELS_TO_LNTUNING_TARGET_MODULES_MAPPING for the families edgetune builds. */
export function defaultTargets(modelType: string): string[] {
  return modelType === 'gpt2' ? ['ln_1', 'ln_2', 'ln_f'] : ['input_layernorm', 'post_attention_layernorm', 'norm'];
}

/** PEFT's module matching: a list matches the path or a '.'-suffix of it; a string is a full-path regex. */
export function matchesModule(path: string, targets: string | readonly string[]): boolean {
  if (typeof targets === 'string') return new RegExp(`^(?:${targets})$`).test(path);
  return targets.some((t) => path === t || path.endsWith(`.${t}`));
}
