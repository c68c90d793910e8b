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
  /** The graph takes `lr_scale` and `param_step` [P] (the method has a step schedule, `lrScale`). */
  scheduled: boolean;
}

export const stateName = (param: string, slot: string) => `${param}::${slot}`;
export const nextName = (name: string) => `${name}::next`;
/** [P] float inputs, one entry per trainable tensor in `params` order (see train/param-schedule.ts). */
export const LR_SCALE = 'lr_scale';
export const PARAM_STEP = 'param_step';

/**
 * One whole optimizer step as a graph: forward, loss, backward, clipping, schedule and update.
 * Inputs: input_ids, labels, [attention_mask], step (0-based, float), parameters and optimizer state.
 * Outputs: loss, grad_norm, lr, and the next value of every parameter and state tensor.
 * A method with a step schedule (`lrScale`) adds inputs lr_scale [P] (per-tensor LR multiplier; 0 holds the
 * tensor and its state, and drops its gradient from the norm) and param_step [P] (each tensor's own 1-based
 * AdamW step, as torch counts it for a tensor that joins late).
 */
export function buildStepGraph(model: BaseModel, spec: StepGraphSpec): StepGraph {
  const lg = buildLossGraph(model, spec);
  const { g, loss, params } = lg;
  if (params.length === 0) throw new Error('the method declared no trainable tensors');
  const step = g.input('step', 'float32', []);
  const checkpoints = spec.gradientCheckpointing ? lg.boundaries : undefined;
  let grads = gradients(loss, params, { checkpoints });
  const scheduled = Boolean(spec.method?.plugin.lrScale);
  const perParam = scheduled ? scheduleInputs(g, params.length) : undefined;
  if (perParam) grads = grads.map((gr, i) => ops.where(perParam.active[i]!, gr, 0));
  const norm = globalNorm(grads);
  if (spec.maxGradNorm) grads = clipByGlobalNorm(grads, norm, spec.maxGradNorm);
  const lr = lrInGraph(step, spec.optimizer.lr, spec.schedule);
  const t = ops.add(step, 1);
  const slots = stateSlots(spec.optimizer);
  const o = spec.optimizer;
  params.forEach((p, i) => {
    const state = slots.map((slot) => g.input(stateName(p.name, slot), 'float32', p.shape));
    const lrP = perParam ? ops.mul(lr, perParam.scale[i]!) : lr;
    const tP = perParam ? perParam.t[i]! : t;
    const upd = o.type === 'adamw'
      ? adamw(p, grads[i]!, state[0]!, state[1]!, lrP, tP, { beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay })
      : sgd(p, grads[i]!, state[0]!, lrP, { momentum: o.momentum, nesterov: o.nesterov, weightDecay: o.weightDecay });
    // A held tensor keeps its value and state exactly (SGD's weight decay would otherwise fill momentum).
    const hold = (next: Value, prev: Value) => (perParam ? ops.where(perParam.active[i]!, next, prev) : next);
    g.output(hold(upd.p, p), nextName(p.name));
    upd.state.forEach((s, k) => g.output(hold(s, state[k]!), nextName(stateName(p.name, slots[k]!))));
  });
  g.output(loss, 'loss');
  g.output(norm, 'grad_norm');
  g.output(lr, 'lr');
  return { g, params, slots, scheduled };
}

/** Per-tensor scalars from the lr_scale and param_step inputs: scale, active (scale > 0) and AdamW's t. */
function scheduleInputs(g: Graph, n: number) {
  const scales = g.input(LR_SCALE, 'float32', [n]); // [P]
  const steps = g.input(PARAM_STEP, 'float32', [n]); // [P]
  const at = (v: Value, i: number) => ops.gather(v, ops.scalar(g, i, 'int64')); // []
  const scale = Array.from({ length: n }, (_, i) => at(scales, i));
  return { scale, active: scale.map((s) => ops.greater(s, 0)), t: Array.from({ length: n }, (_, i) => at(steps, i)) };
}
