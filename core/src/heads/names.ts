// Head tensor names, as PEFT keeps a task head trained next to an adapter.
//
// PEFT's PeftModelForSequenceClassification / ...ForTokenClassification add ["classifier", "score"] to the
// config's modules_to_save and wrap the head in a ModulesToSaveWrapper, so the trainable copy lives in memory
// at `base_model.model.score.modules_to_save.default.weight`; save_pretrained writes it under the module's
// own path, `base_model.model.score.weight` (ModulesToSaveWrapper.adapter_state_dict), and loading maps it
// back. We use the same two names, so a PEFT SEQ_CLS/TOKEN_CLS LoRA adapter round-trips.
import type { ModelArch } from '../weights/index.ts';
import type { TaskSpec } from './task.ts';

export const PEFT_PREFIX = 'base_model.model.';

/** What PEFT puts into modules_to_save for classification task types. */
export const CLASSIFIER_MODULES: readonly string[] = ['classifier', 'score'];

/** PEFT task_type in adapter_config.json; regression is SEQ_CLS with one label, as in transformers. */
export const PEFT_TASK_TYPE: Record<TaskSpec['type'], string> = {
  'causal-lm': 'CAUSAL_LM',
  'sequence-classification': 'SEQ_CLS',
  regression: 'SEQ_CLS',
  'token-classification': 'TOKEN_CLS',
};

export type HeadParam = 'weight' | 'bias';

export interface HeadLayout {
  /** The transformers module: `score`, or `classifier` in GPT2ForTokenClassification. */
  module: 'score' | 'classifier';
  /** *ForSequenceClassification's score has no bias; the token-classification heads do. */
  bias: boolean;
}

export function headLayout(arch: ModelArch, task: TaskSpec): HeadLayout {
  if (task.type === 'token-classification') return { module: arch === 'gpt2' ? 'classifier' : 'score', bias: true };
  return { module: 'score', bias: false };
}

export const headMemoryName = (module: string, p: HeadParam) => `${PEFT_PREFIX}${module}.modules_to_save.default.${p}`;
export const headSavedName = (module: string, p: HeadParam) => `${PEFT_PREFIX}${module}.${p}`;

const MEMORY = /^base_model\.model\.(score|classifier)\.modules_to_save\.default\.(weight|bias)$/;
const SAVED = /^base_model\.model\.(score|classifier)\.(weight|bias)$/;

/** Saved (on-disk) name → in-memory name for head tensors; undefined for anything else. */
export function headMemoryNameOf(saved: string): string | undefined {
  const m = SAVED.exec(saved);
  return m ? headMemoryName(m[1]!, m[2] as HeadParam) : undefined;
}

/** In-memory name → saved name for head tensors; undefined for anything else. */
export function headSavedNameOf(memory: string): string | undefined {
  const m = MEMORY.exec(memory);
  return m ? headSavedName(m[1]!, m[2] as HeadParam) : undefined;
}
