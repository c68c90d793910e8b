import { ops, type Value } from '../graph/index.ts';
import { emit } from '../graph/ops/emit.ts';

const END = Number.MAX_SAFE_INTEGER; // Slice clamps past-the-end bounds

/** The run-time size of one axis as an int64 [1] tensor (Shape with start/end, opset 15). */
export function dimOf(x: Value, axis: number): Value {
  return emit(x.graph, 'Shape', [x], 'int64', [1], { start: axis, end: axis + 1 });
}

/** x split along `axis` at a run-time position: [x[:at], x[at:]]; the pieces' sizes are symbolic. */
export function splitAt(x: Value, at: Value, axis: number): [Value, Value] {
  const g = x.graph;
  const axes = ops.int64s(g, [axis]);
  const shape = (name: string) => x.shape.map((d, i) => (i === axis ? `${x.name}_${name}` : d));
  const head = emit(g, 'Slice', [x, ops.int64s(g, [0]), at, axes], x.dtype, shape('head'));
  const tail = emit(g, 'Slice', [x, at, ops.int64s(g, [END]), axes], x.dtype, shape('tail'));
  return [head, tail];
}

/** Reshape whose result shape the caller states (ops.reshape cannot name symbolic dims it infers). */
export function reshapeTo(x: Value, target: readonly number[], shape: readonly (number | string)[]): Value {
  return emit(x.graph, 'Reshape', [x, ops.int64s(x.graph, target)], x.dtype, shape);
}

/** a + b where b broadcasts onto a but names its symbolic dims differently (e.g. an input's dims). */
export function addOnto(a: Value, b: Value): Value {
  return emit(a.graph, 'Add', [a, b], a.dtype, a.shape);
}
