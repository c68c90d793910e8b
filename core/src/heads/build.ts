// A task head on the decoder's final hidden states: logits and loss per task, as transformers computes them.
import { ops, type Value } from '../graph/index.ts';
import type { BuildContext } from '../models/index.ts';
import type { ParameterStore } from '../plugin/index.ts';
import { headLayout } from './names.ts';
import { lastTokenIndex, poolAt } from './pool.ts';
import { headProjection } from './projection.ts';
import { headWidth, type TaskSpec } from './task.ts';

export interface HeadInputs {
  /** Final hidden states [B, P + T, C] (P virtual tokens in front). */
  hidden: Value;
  virtualTokens: number;
  /** [B, T] int64 */
  inputIds: Value;
  /** [B, T] int64, when the graph takes one. */
  attentionMask?: Value;
  /** The task's labels input (see labelsInput). */
  labels: Value;
}

export interface HeadOutput {
  /** [B, N] (sequence tasks; N = 1 for regression) or [B, T, N] (token classification). */
  logits: Value;
  loss: Value;
}

/** Builds the head for a non-LM task; its weights are trainable parameters in `params` (PEFT names). */
export function taskHead(ctx: BuildContext, params: ParameterStore, task: Exclude<TaskSpec, { type: 'causal-lm' }>, io: HeadInputs): HeadOutput {
  const { g, config } = ctx;
  const [batch, seq] = io.inputIds.shape as [number, number];
  // Virtual tokens carry no label and are never pooled: the head reads the real positions only.
  const p = io.virtualTokens;
  const hidden = p > 0 ? ops.slice(io.hidden, [p], [p + seq], [1]) : io.hidden; // [B, T, C]
  const layout = headLayout(config.arch, task);
  const width = headWidth(task)!;
  return g.scope('head', () => {
    if (task.type === 'token-classification') {
      const logits = headProjection(params, hidden, layout, width, config.initializerRange); // [B, T, N]
      const flat = ops.reshape(logits, [batch * seq, width]);
      return { logits, loss: ops.crossEntropy(flat, ops.reshape(io.labels, [batch * seq])).loss };
    }
    // transformers applies score to every position, then pools; pooling first gives the same logits.
    const pooled = poolAt(hidden, lastTokenIndex(io.inputIds, io.attentionMask, config.padTokenId)); // [B, C]
    const logits = headProjection(params, pooled, layout, width, config.initializerRange); // [B, N]
    if (task.type === 'sequence-classification') return { logits, loss: ops.crossEntropy(logits, io.labels).loss };
    const diff = ops.sub(ops.reshape(logits, [batch]), io.labels); // [B]
    return { logits, loss: ops.reduceMean(ops.mul(diff, diff), [0], false) }; // MSELoss, mean
  });
}
