import type { Graph, OpNode, Value } from '../graph/index.ts';

/** What a VJP rule sees: the forward node (inputs possibly recomputed) and the output gradients. */
export interface VjpContext {
  readonly g: Graph;
  readonly node: OpNode;
  /** Forward input i; inside a checkpointed segment this is the recomputed value. */
  x(i: number): Value;
  /** Forward output i (recomputed likewise). */
  y(i: number): Value;
  /** Gradient of output i, or null when that output does not reach the loss. */
  gy(i: number): Value | null;
  /** Whether input i needs a gradient: rules skip work for inputs that do not. */
  needs(i: number): boolean;
}

/** Returns one gradient per forward input (null where not needed or not differentiable). */
export type VjpRule = (ctx: VjpContext) => (Value | null)[];

const rules = new Map<string, VjpRule>();

export function defineVjp(op: string, rule: VjpRule): void {
  if (rules.has(op)) throw new Error(`VJP rule for ${op} is defined twice`);
  rules.set(op, rule);
}

export function vjpRule(op: string): VjpRule | undefined {
  return rules.get(op);
}

/** Swaps a rule for the duration of `fn` (tests prove the gradient check catches a wrong rule). */
export async function withRule<T>(op: string, rule: VjpRule, fn: () => Promise<T>): Promise<T> {
  const saved = rules.get(op);
  rules.set(op, rule);
  try {
    return await fn();
  } finally {
    if (saved) rules.set(op, saved);
    else rules.delete(op);
  }
}

export function differentiableOps(): string[] {
  return [...rules.keys()].sort();
}

/** Ops whose outputs never carry gradient (comparisons, shape queries). */
export const NON_DIFFERENTIABLE = new Set(['Equal', 'Less', 'Greater', 'And', 'Not', 'Shape', 'Range', 'Sign', 'ArgMax']);
