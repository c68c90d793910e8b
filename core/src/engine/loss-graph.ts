import { Graph, ops, type Value } from '../graph/index.ts';
import { causalLM, causalLMLoss, FrozenWeights, lmHead, ModelHooks, type BuildContext } from '../models/index.ts';
import type { MethodPlugin, ParameterStore } from '../plugin/index.ts';
import type { BaseModel } from './base-model.ts';

export interface LossGraphSpec {
  batch: number;
  seq: number;
  /** Adds an `attention_mask` [B, T] input. */
  attentionMask?: boolean;
  method?: { plugin: MethodPlugin; config: unknown };
  params: ParameterStore;
}

export interface LossGraph {
  g: Graph;
  ctx: BuildContext;
  logits: Value;
  loss: Value;
  /** Trainable tensors (graph inputs), in declaration order. */
  params: Value[];
  boundaries: readonly Value[];
  virtualTokens: number;
}

/**
 * Base model + method rewrites + causal-LM loss. Inputs: input_ids and labels [B, T] (int64), and
 * attention_mask when asked for; labels of virtual tokens are ignored, as PEFT does.
 */
export function buildLossGraph(model: BaseModel, spec: LossGraphSpec): LossGraph {
  const g = new Graph('edgetune');
  const inputIds = g.input('input_ids', 'int64', [spec.batch, spec.seq]);
  const labels = g.input('labels', 'int64', [spec.batch, spec.seq]);
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
  const logits = lmHead(ctx, out.hidden); // logits: [B, P+T, V]
  let fullLabels = labels;
  if (out.virtualTokens > 0) {
    const ignored = ops.expand(ops.scalar(g, -100, 'int64'), [spec.batch, out.virtualTokens]);
    fullLabels = ops.concat([ignored, labels], 1);
  }
  const loss = causalLMLoss(logits, fullLabels);
  return { g, ctx, logits, loss, params: spec.params.inputs, boundaries: out.boundaries, virtualTokens: out.virtualTokens };
}
