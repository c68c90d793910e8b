import { gradients } from '../autodiff/index.ts';
import { ops, type Graph, type Value } from '../graph/index.ts';
import type { BaseModel } from '../engine/base-model.ts';
import { buildLossGraph, type LossGraphSpec } from '../engine/loss-graph.ts';
import { adamw, clipByGlobalNorm, globalNorm, lrInGraph, sgd, type ScheduleConfig } from '../optim/index.ts';
import { stateSlots, type OptimizerConfig } from './optimizer-config.ts';

export interface StepGraphSpec extends LossGraphSpec {
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  /** Clip gradients to this global L2 norm (0 or undefined: no clipping). */
  maxGradNorm?: number;
  /** Recompute each block's activations in the backward pass instead of keeping them. */
  gradientCheckpointing?: boolean;
}

export interface StepGraph {
  g: Graph;
  /** Trainable tensors, in order; each has `name`, its state inputs `name::slot`, outputs `name::next`. */
  params: Value[];
  slots: string[];
}

export const stateName = (param: string, slot: string) => `${param}::${slot}`;
export const nextName = (name: string) => `${name}::next`;

/**
 * One whole optimizer step as a graph: forward, loss, backward, clipping, schedule and update.
 * Inputs: input_ids, labels, [attention_mask], step (0-based, float), parameters and optimizer state.
 * Outputs: loss, grad_norm, lr, and the next value of every parameter and state tensor.
 */
export function buildStepGraph(model: BaseModel, spec: StepGraphSpec): StepGraph {
  const lg = buildLossGraph(model, spec);
  const { g, loss, params } = lg;
  if (params.length === 0) throw new Error('the method declared no trainable tensors');
  const step = g.input('step', 'float32', []);
  const checkpoints = spec.gradientCheckpointing ? lg.boundaries : undefined;
  let grads = gradients(loss, params, { checkpoints });
  const norm = globalNorm(grads);
  if (spec.maxGradNorm) grads = clipByGlobalNorm(grads, norm, spec.maxGradNorm);
  const lr = lrInGraph(step, spec.optimizer.lr, spec.schedule);
  const t = ops.add(step, 1);
  const slots = stateSlots(spec.optimizer);
  const o = spec.optimizer;
  params.forEach((p, i) => {
    const state = slots.map((slot) => g.input(stateName(p.name, slot), 'float32', p.shape));
    const upd = o.type === 'adamw'
      ? adamw(p, grads[i]!, state[0]!, state[1]!, lr, t, { beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay })
      : sgd(p, grads[i]!, state[0]!, lr, { momentum: o.momentum, nesterov: o.nesterov, weightDecay: o.weightDecay });
    g.output(upd.p, nextName(p.name));
    upd.state.forEach((s, k) => g.output(s, nextName(stateName(p.name, slots[k]!))));
  });
  g.output(loss, 'loss');
  g.output(norm, 'grad_norm');
  g.output(lr, 'lr');
  return { g, params, slots };
}
