import { isFloat, ops, type Graph, type Value } from '../graph/index.ts';
import { Recompute } from './checkpoint.ts';
import { NON_DIFFERENTIABLE, vjpRule, type VjpContext } from './types.ts';
import './rules/index.ts';

export interface GradOptions {
  /** d loss / d loss, e.g. the loss scale for mixed precision; defaults to 1. */
  seed?: Value;
  /**
   * Gradient checkpointing: boundary values in forward order (e.g. each block's input). Activations
   * between two boundaries are dropped after the forward pass and recomputed inside the backward graph.
   */
  checkpoints?: readonly Value[];
}

/** Which values depend on any of `wrt` through differentiable ops. */
function dependents(g: Graph, wrt: readonly Value[]): Set<number> {
  const on = new Set(wrt.map((v) => v.id));
  for (const node of g.nodes) {
    if (NON_DIFFERENTIABLE.has(node.op)) continue;
    if (!node.inputs.some((v) => v && on.has(v.id))) continue;
    for (const o of node.outputs) if (isFloat(o.dtype) && !g.noGradient.has(o.id)) on.add(o.id);
  }
  return on;
}

/** Reverse-mode gradients of scalar `loss` with respect to each of `wrt`, appended to the same graph. */
export function gradients(loss: Value, wrt: readonly Value[], opts: GradOptions = {}): Value[] {
  const g = loss.graph;
  if (loss.shape.length > 1 || (loss.shape.length === 1 && loss.shape[0] !== 1)) {
    throw new Error(`gradients: loss must be a scalar, got shape [${loss.shape}]`);
  }
  const needs = dependents(g, wrt);
  if (!needs.has(loss.id)) throw new Error('gradients: the loss does not depend on any of the requested values');
  const pending = new Map<number, Value[]>();
  const push = (v: Value, grad: Value) => {
    const list = pending.get(v.id);
    if (list) list.push(grad);
    else pending.set(v.id, [grad]);
  };
  const take = (v: Value): Value | null => {
    const list = pending.get(v.id);
    if (!list) return null;
    const total = list.reduce((acc, x) => ops.add(acc, x));
    pending.set(v.id, [total]);
    return total;
  };
  push(loss, opts.seed ?? ops.scalar(g, 1, loss.dtype));
  const recompute = new Recompute(g, opts.checkpoints ?? [], take);

  const forward = g.nodes.slice();
  for (let n = forward.length - 1; n >= 0; n--) {
    const node = forward[n]!;
    if (!node.outputs.some((o) => pending.has(o.id))) continue;
    if (!node.inputs.some((v) => v && needs.has(v.id))) continue;
    const rule = vjpRule(node.op);
    if (!rule) throw new Error(`no VJP rule for op ${node.op} (node ${node.name})`);
    const remap = recompute.forNode(n);
    const ctx: VjpContext = {
      g,
      node,
      x: (i) => remap(node.inputs[i]!),
      y: (i) => remap(node.outputs[i]!),
      gy: (i) => take(node.outputs[i]!),
      needs: (i) => Boolean(node.inputs[i] && needs.has(node.inputs[i]!.id)),
    };
    const grads = g.scope(`grad/${node.name}`, () => rule(ctx));
    grads.forEach((gx, i) => {
      const input = node.inputs[i];
      if (gx && input && needs.has(input.id)) push(input, gx);
    });
  }
  return wrt.map((v) => take(v) ?? ops.zerosLike(v));
}
