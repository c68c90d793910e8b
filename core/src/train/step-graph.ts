import { gradients } from '../autodiff/index.ts';
import { Graph, ops, type Value } from '../graph/index.ts';
import type { BaseModel } from '../engine/base-model.ts';
import type { LossGraphSpec } from '../engine/loss-graph.ts';
import type { ScheduleConfig } from '../optim/index.ts';
import { buildTrainLoss, type ObjectiveSpec } from './objective.ts';
import type { OptimizerConfig } from './optimizer-config.ts';
import { appendUpdate } from './update.ts';

export { stateName, nextName, LR_SCALE, PARAM_STEP, LR_FACTOR } from './update.ts';
/** Scalar input: the backward seed (d loss / d loss) of dynamic loss scaling. */
export const LOSS_SCALE = 'loss_scale';
/** Scalar input of the update graph: what summed gradients are divided by (micro-batches x loss scale). */
export const GRAD_DIV = 'grad_div';
export const gradName = (param: string) => `grad.${param}`;

export interface StepGraphSpec extends LossGraphSpec, ObjectiveSpec {
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  /** Clip gradients to this global L2 norm (0 or undefined: no clipping). */
  maxGradNorm?: number;
  /** Recompute each block's activations in the backward pass instead of keeping them. */
  gradientCheckpointing?: boolean;
  /** Loss-scaling mechanics: loss_scale seeds the backward, gradients are unscaled, inf/NaN holds the step. */
  lossScaling?: boolean;
  /** Per-tensor LR multipliers by block (see layer-decay.ts); turns on the lr_scale inputs. */
  layerLrDecay?: number;
  /** Compile a gradient graph and an update graph (gradient accumulation) instead of one fused step. */
  accumulate?: boolean;
}

export interface StepGraph {
  g: Graph;
  /** Trainable tensors, in order; each has `name`, its state inputs `name::slot`, outputs `name::next`. */
  params: Value[];
  slots: string[];
  /** The graph takes `lr_scale` and `param_step` [P] (a method step schedule or layer-wise decay). */
  scheduled: boolean;
}

export const isScheduled = (spec: StepGraphSpec) => Boolean(spec.method?.plugin.lrScale || spec.layerLrDecay);

/**
 * One whole optimizer step as a graph: forward, loss, backward, clipping, schedule and update.
 * Inputs: input_ids, labels, [attention_mask], step (0-based, float), lr_factor, parameters and optimizer
 * state, [loss_scale], [lr_scale and param_step: per-tensor LR multiplier, 0 holding the tensor and its
 * state, and each tensor's own 1-based AdamW step]. Outputs: loss, [ce], grad_norm, lr, [finite], and the
 * next value of every parameter and state tensor.
 */
export function buildStepGraph(model: BaseModel, spec: StepGraphSpec): StepGraph {
  const { g, params, grads, scale } = backward(model, spec);
  const unscaled = scale ? grads.map((gr) => ops.div(gr, scale)) : grads;
  const scheduled = isScheduled(spec);
  const { slots } = appendUpdate(g, params, unscaled, { ...spec, scheduled, checkFinite: Boolean(scale) });
  return { g, params, slots, scheduled };
}

/** Forward and backward of one micro-batch: outputs loss, [ce] and grad.<name> (scaled by loss_scale when on). */
export function buildGradGraph(model: BaseModel, spec: StepGraphSpec): { g: Graph; params: Value[] } {
  const { g, params, grads } = backward(model, spec);
  params.forEach((p, i) => g.output(grads[i]!, gradName(p.name)));
  return { g, params };
}

/** The update alone, fed summed micro-batch gradients grad.<name> and grad_div; same outputs as the step. */
export function buildUpdateGraph(shapes: readonly { name: string; shape: readonly number[] }[], spec: StepGraphSpec): StepGraph {
  const g = new Graph('edgetune-update');
  const params = shapes.map((s) => g.input(s.name, 'float32', s.shape));
  const div = g.input(GRAD_DIV, 'float32', []);
  const grads = shapes.map((s) => ops.div(g.input(gradName(s.name), 'float32', s.shape), div));
  const scheduled = isScheduled(spec);
  const { slots } = appendUpdate(g, params, grads, { ...spec, scheduled, checkFinite: Boolean(spec.lossScaling) });
  return { g, params, slots, scheduled };
}

function backward(model: BaseModel, spec: StepGraphSpec) {
  const { lg, loss, ce } = buildTrainLoss(model, spec);
  const { g, params } = lg;
  if (params.length === 0) throw new Error('the method declared no trainable tensors');
  const scale = spec.lossScaling ? g.input(LOSS_SCALE, 'float32', []) : undefined;
  const checkpoints = spec.gradientCheckpointing ? lg.boundaries : undefined;
  const grads = gradients(loss, params, { checkpoints, seed: scale });
  g.output(loss, 'loss');
  if (ce !== loss) g.output(ce, 'ce');
  return { g, params, grads, scale };
}
