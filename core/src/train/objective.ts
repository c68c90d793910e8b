// The training objective: the method's causal-LM loss plus label smoothing, distillation and EWC.
import { ops, type HostTensor, type Value } from '../graph/index.ts';
import type { BaseModel } from '../engine/base-model.ts';
import { buildLossGraph, type LossGraph, type LossGraphSpec } from '../engine/loss-graph.ts';
import { distillKl, labelSmoothed, scoredRows } from './loss-terms.ts';
import { teacherLogits } from './teacher.ts';

export interface ObjectiveSpec {
  labelSmoothing?: number;
  /**
   * The teacher runs inside the step graph: one session run a step and no [B, T, V] logits crossing
   * JS<->ORT twice (for a 50k vocabulary that is ~200 MB a step at B*T = 1024), at the cost of the
   * teacher's weights living in the step session and a longer compile. Same vocabulary required.
   */
  distill?: { teacher: BaseModel; alpha: number; temperature: number };
  /** λ/2 · Σ F·(θ-θ*)², with the diagonal Fisher F and anchor θ* by parameter name (graph constants). */
  ewc?: { lambda: number; fisher: ReadonlyMap<string, HostTensor>; anchor: ReadonlyMap<string, HostTensor> };
}

export interface TrainLoss {
  lg: LossGraph;
  /** What the optimizer minimizes: []. */
  loss: Value;
  /** The plain causal-LM cross-entropy (the same value as `loss` when no extra term is on): []. */
  ce: Value;
}

export function buildTrainLoss(model: BaseModel, spec: LossGraphSpec & ObjectiveSpec): TrainLoss {
  const lg = buildLossGraph(model, spec);
  const ce = lg.loss;
  const eps = spec.labelSmoothing ?? 0;
  const kd = spec.distill;
  if (!eps && !kd && !spec.ewc) return { lg, loss: ce, ce };
  const rows = scoredRows(lg);
  let loss = eps ? labelSmoothed(ce, rows, eps) : ce;
  if (kd) {
    const input = (name: string) => lg.g.inputs.find((v) => v.name === name);
    const teacher = teacherLogits(lg.g, kd.teacher, input('input_ids')!, input('attention_mask'));
    loss = ops.add(ops.mul(loss, kd.alpha), ops.mul(distillKl(rows, teacher, kd.temperature), 1 - kd.alpha));
  }
  if (spec.ewc && spec.ewc.lambda > 0) loss = ops.add(loss, ewcPenalty(lg, spec.ewc));
  return { lg, loss, ce };
}

function ewcPenalty(lg: LossGraph, e: NonNullable<ObjectiveSpec['ewc']>): Value {
  const terms = lg.params.map((p) => {
    const f = e.fisher.get(p.name);
    const anchor = e.anchor.get(p.name);
    if (!f || !anchor) throw new Error(`EWC has no Fisher or anchor for '${p.name}'`);
    const d = ops.sub(p, lg.g.initializer(`ewc.anchor.${p.name}`, 'float32', anchor.shape, anchor.data));
    const fv = lg.g.initializer(`ewc.fisher.${p.name}`, 'float32', f.shape, f.data);
    return ops.reduceSum(ops.mul(fv, ops.mul(d, d)), p.shape.map((_, i) => i), false); // []
  });
  return ops.mul(terms.reduce((a, b) => ops.add(a, b)), e.lambda / 2);
}
