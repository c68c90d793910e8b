import { typedFrom, type DType } from '../dtype.ts';
import type { AttrValue, Graph, Value } from '../graph.ts';
import type { Shape } from '../shape.ts';

export type Operand = Value | number;

/** Appends one node with a single output and returns that output. */
export function emit(g: Graph, op: string, inputs: (Value | null)[], dtype: DType, shape: Shape, attrs: Record<string, AttrValue> = {}, domain = ''): Value {
  const out = g.newValue(dtype, shape);
  g.addNode(op, inputs, [out], attrs, domain);
  return out;
}

/** A scalar constant of `dtype`, shared across the graph. */
export function scalar(g: Graph, value: number, dtype: DType = 'float32'): Value {
  return g.constant(dtype, [], typedFrom(dtype, [value]), String(value));
}

/** A 1-D int64 constant (shapes, axes, slice bounds). */
export function int64s(g: Graph, values: readonly number[]): Value {
  return g.constant('int64', [values.length], typedFrom('int64', values), values.join(','));
}

/** Resolves a mixed pair of operands: numbers become scalars of the other operand's dtype. */
export function operands(a: Operand, b: Operand): [Value, Value] {
  if (typeof a === 'number' && typeof b === 'number') throw new Error('at least one operand must be a graph value');
  const ref = (typeof a === 'number' ? b : a) as Value;
  const va = typeof a === 'number' ? scalar(ref.graph, a, ref.dtype) : a;
  const vb = typeof b === 'number' ? scalar(ref.graph, b, ref.dtype) : b;
  if (va.dtype !== vb.dtype) throw new Error(`dtype mismatch: ${va.name} is ${va.dtype}, ${vb.name} is ${vb.dtype}`);
  return [va, vb];
}
