// What a loss graph is trained for: next-token prediction, or a task head on the decoder's final hidden states.
import { z } from 'zod';
import type { DType } from '../graph/index.ts';

export const TaskSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('causal-lm') }),
  /** transformers' *ForSequenceClassification with num_labels >= 2: cross-entropy on the pooled logits. */
  z.object({ type: z.literal('sequence-classification'), numLabels: z.number().int().min(2) }),
  /** *ForSequenceClassification with num_labels = 1 (problem_type "regression"): MSE on the pooled logit. */
  z.object({ type: z.literal('regression') }),
  /** *ForTokenClassification: a label per position, -100 ignored. */
  z.object({ type: z.literal('token-classification'), numLabels: z.number().int().min(1) }),
]);
export type TaskSpec = z.infer<typeof TaskSpec>;
export type TaskType = TaskSpec['type'];

export const CAUSAL_LM: TaskSpec = { type: 'causal-lm' };

/** The `labels` graph input each task takes. */
export function labelsInput(task: TaskSpec, batch: number, seq: number): { dtype: DType; shape: number[] } {
  switch (task.type) {
    case 'causal-lm':
    case 'token-classification':
      return { dtype: 'int64', shape: [batch, seq] };
    case 'sequence-classification':
      return { dtype: 'int64', shape: [batch] };
    case 'regression':
      return { dtype: 'float32', shape: [batch] };
  }
}

/** Width of the head's output (logits per row or position); null for the LM head. */
export function headWidth(task: TaskSpec): number | null {
  if (task.type === 'causal-lm') return null;
  return task.type === 'regression' ? 1 : task.numLabels;
}

/** A short name for tables and errors, e.g. "sequence-classification (3 labels)". */
export function describeTask(task: TaskSpec): string {
  return 'numLabels' in task ? `${task.type} (${task.numLabels} labels)` : task.type;
}
