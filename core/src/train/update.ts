// The optimizer half of a step, appended to a graph that already has gradients: shared by the fused
// step graph and the update graph that gradient accumulation feeds.
import { ops, type Graph, type Value } from '../graph/index.ts';
import { adamw, clipByGlobalNorm, globalNorm, lrInGraph, sgd, type ScheduleConfig } from '../optim/index.ts';
import { stateSlots, type OptimizerConfig } from './optimizer-config.ts';

export const stateName = (param: string, slot: string) => `${param}::${slot}`;
export const nextName = (name: string) => `${name}::next`;
/** [P] float inputs, one entry per trainable tensor in `params` order (see train/param-schedule.ts). */
export const LR_SCALE = 'lr_scale';
export const PARAM_STEP = 'param_step';
/** Scalar multiplier of the scheduled learning rate (ReduceLROnPlateau); 1 when unused. */
export const LR_FACTOR = 'lr_factor';

export interface UpdateSpec {
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  /** Clip gradients to this global L2 norm (0 or undefined: no clipping). */
  maxGradNorm?: number;
  /** Take lr_scale and param_step [P] inputs (a method step schedule or layer-wise LR decay). */
  scheduled: boolean;
  /** Hold every tensor and its state when a gradient is inf/NaN, and output `finite` (1 or 0). */
  checkFinite: boolean;
}

/**
 * Clipping, schedule and the optimizer update for `params` given `grads` (already unscaled). Inputs: step
 * (0-based, float), lr_factor, the state `name::slot`, and lr_scale/param_step when scheduled. Outputs:
 * `name::next` for every parameter and state tensor, grad_norm, lr, and `finite` when checked.
 */
export function appendUpdate(g: Graph, params: readonly Value[], gradsIn: readonly Value[], spec: UpdateSpec): { slots: string[] } {
  const step = g.input('step', 'float32', []);
  const lrFactor = g.input(LR_FACTOR, 'float32', []);
  const perParam = spec.scheduled ? scheduleInputs(g, params.length) : undefined;
  let grads = perParam ? gradsIn.map((gr, i) => ops.where(perParam.active[i]!, gr, 0)) : [...gradsIn];
  const norm = globalNorm(grads);
  // inf and NaN both fail `norm < inf`: one scalar test covers every gradient.
  const finite = spec.checkFinite ? ops.less(norm, Infinity) : undefined;
  if (spec.maxGradNorm) grads = clipByGlobalNorm(grads, norm, spec.maxGradNorm);
  const lr = ops.mul(lrInGraph(step, spec.optimizer.lr, spec.schedule), lrFactor);
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
    const conds = [perParam?.active[i], finite].filter((c): c is Value => c !== undefined);
    const keep = conds.length ? conds.reduce((a, b) => ops.and(a, b)) : undefined;
    const hold = (next: Value, prev: Value) => (keep ? ops.where(keep, next, prev) : next);
    g.output(hold(upd.p, p), nextName(p.name));
    upd.state.forEach((s, k) => g.output(hold(s, state[k]!), nextName(stateName(p.name, slots[k]!))));
  });
  g.output(norm, 'grad_norm');
  g.output(lr, 'lr');
  if (finite) g.output(ops.cast(finite, 'float32'), 'finite');
  return { slots };
}

/** Per-tensor scalars from the lr_scale and param_step inputs: scale, active (scale > 0) and AdamW's t. */
function scheduleInputs(g: Graph, n: number) {
  const scales = g.input(LR_SCALE, 'float32', [n]); // [P]
  const steps = g.input(PARAM_STEP, 'float32', [n]); // [P]
  const at = (v: Value, i: number) => ops.gather(v, ops.scalar(g, i, 'int64')); // []
  const scale = Array.from({ length: n }, (_, i) => at(scales, i));
  return { scale, active: scale.map((s) => ops.greater(s, 0)), t: Array.from({ length: n }, (_, i) => at(steps, i)) };
}
