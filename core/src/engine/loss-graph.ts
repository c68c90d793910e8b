import { Graph, ops, type Value } from '../graph/index.ts';
import { causalLM, causalLMLoss, FrozenWeights, lmHead, ModelHooks, type BuildContext } from '../models/index.ts';
import { taskHead } from '../heads/build.ts';
import { CAUSAL_LM, labelsInput, type TaskSpec } from '../heads/task.ts';
import type { MethodPlugin, ParameterStore } from '../plugin/index.ts';
import type { BaseModel } from './base-model.ts';

export interface LossGraphSpec {
  batch: number;
  seq: number;
  /** Adds an `attention_mask` [B, T] input. */
  attentionMask?: boolean;
  method?: { plugin: MethodPlugin; config: unknown };
  params: ParameterStore;
  /** What the graph is trained for (heads/task.ts); default causal LM. A head adds its weights to `params`. */
  task?: TaskSpec;
}

export interface LossGraph {
  g: Graph;
  ctx: BuildContext;
  /** [B, P+T, V] for causal LM; the head's logits otherwise ([B, N], or [B, T, N] per token). */
  logits: Value;
  loss: Value;
  /** Trainable tensors (graph inputs), in declaration order. */
  params: Value[];
  boundaries: readonly Value[];
  virtualTokens: number;
}

/**
 * Base model + method rewrites + loss. Inputs: input_ids [B, T] (int64), labels, and attention_mask when
 * asked for. Causal LM (the default): labels [B, T] int64, those of virtual tokens ignored, as PEFT does.
 * Other tasks: labels as labelsInput says ([B] int64 classes, [B] float32 targets, [B, T] int64 tags).
 */
export function buildLossGraph(model: BaseModel, spec: LossGraphSpec): LossGraph {
  const g = new Graph('edgetune');
  const inputIds = g.input('input_ids', 'int64', [spec.batch, spec.seq]);
  const task: TaskSpec = spec.task ?? CAUSAL_LM;
  const labelSpec = labelsInput(task, spec.batch, spec.seq);
  const labels = g.input('labels', labelSpec.dtype, labelSpec.shape);
  const attentionMask = spec.attentionMask ? g.input('attention_mask', 'int64', [spec.batch, spec.seq]) : undefined;
  const hooks = new ModelHooks();
  spec.params.bind(g);
  if (spec.method) spec.method.plugin.apply({ hooks, model: model.config, params: spec.params }, spec.method.config);
  const weights = new FrozenWeights(
    g,
    model.tensors,
    (name) => hooks.isTrainableBase(name),
    { param: (name, shape, init) => spec.params.param(name, shape, () => init()) },
    (name, weight) => hooks.provideBaseWeight(name, weight, g),
  );
  const ctx: BuildContext = { g, config: model.config, weights, hooks };
  const out = causalLM(ctx, { inputIds, attentionMask });
  const rest = { g, ctx, boundaries: out.boundaries, virtualTokens: out.virtualTokens };
  if (task.type !== 'causal-lm') {
    const head = taskHead(ctx, spec.params, task, { hidden: out.hidden, virtualTokens: out.virtualTokens, inputIds, attentionMask, labels });
    return { ...rest, logits: head.logits, loss: head.loss, params: spec.params.inputs };
  }
  const logits = lmHead(ctx, out.hidden); // logits: [B, P+T, V]
  let fullLabels = labels;
  if (out.virtualTokens > 0) {
    const ignored = ops.expand(ops.scalar(g, -100, 'int64'), [spec.batch, out.virtualTokens]);
    fullLabels = ops.concat([ignored, labels], 1);
  }
  const loss = causalLMLoss(logits, fullLabels);
  return { ...rest, logits, loss, params: spec.params.inputs };
}
