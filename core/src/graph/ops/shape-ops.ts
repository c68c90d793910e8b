import type { Value } from '../graph.ts';
import { broadcastShapes, normAxis, staticShape, type Dim } from '../shape.ts';
import { emit, int64s, scalar } from './emit.ts';

/** Reshape with ONNX semantics: 0 copies the input dim, one -1 is inferred when shapes are static. */
export function reshape(x: Value, target: readonly number[]): Value {
  const dims: Dim[] = target.map((d, i) => (d === 0 ? x.shape[i]! : d));
  const known = dims.filter((d) => d !== -1);
  if (dims.length - known.length > 1) throw new Error(`reshape: more than one -1 in [${target}]`);
  if (known.length < dims.length) {
    const total = x.shape.every((d) => typeof d === 'number') ? (x.shape as number[]).reduce((a, b) => a * b, 1) : NaN;
    const rest = known.every((d) => typeof d === 'number') ? (known as number[]).reduce((a, b) => a * b, 1) : NaN;
    const inferred: Dim = Number.isNaN(total) || Number.isNaN(rest) ? `${x.name}_inferred` : total / rest;
    if (typeof inferred === 'number' && !Number.isInteger(inferred)) throw new Error(`reshape: [${x.shape}] cannot become [${target}]`);
    dims[dims.indexOf(-1)] = inferred;
  } else if (x.shape.every((d) => typeof d === 'number') && dims.every((d) => typeof d === 'number')) {
    const a = (x.shape as number[]).reduce((p, q) => p * q, 1);
    const b = (dims as number[]).reduce((p, q) => p * q, 1);
    if (a !== b) throw new Error(`reshape: [${x.shape}] (${a} elements) cannot become [${target}] (${b})`);
  }
  return emit(x.graph, 'Reshape', [x, int64s(x.graph, target)], x.dtype, dims);
}

export function transpose(x: Value, perm: readonly number[]): Value {
  if (perm.length !== x.shape.length) throw new Error(`transpose: perm [${perm}] does not fit rank ${x.shape.length}`);
  return emit(x.graph, 'Transpose', [x], x.dtype, perm.map((p) => x.shape[p]!), { perm: [...perm] });
}

/** Swaps the last two axes. */
export function transposeLast2(x: Value): Value {
  const r = x.shape.length;
  const perm = [...Array(r).keys()];
  [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
  return transpose(x, perm);
}

export function concat(xs: readonly Value[], axis: number): Value {
  const first = xs[0];
  if (!first) throw new Error('concat: no inputs');
  const a = normAxis(axis, first.shape.length);
  const shape = [...first.shape];
  let total: Dim = 0;
  for (const x of xs) {
    const d = x.shape[a]!;
    total = typeof total === 'number' && typeof d === 'number' ? total + d : `${first.name}_concat`;
  }
  shape[a] = total;
  return emit(first.graph, 'Concat', [...xs], first.dtype, shape, { axis: a });
}

/** Splits x along `axis` into pieces of the given sizes. */
export function split(x: Value, sizes: readonly number[], axis: number): Value[] {
  const a = normAxis(axis, x.shape.length);
  const outs = sizes.map((size) => x.graph.newValue(x.dtype, x.shape.map((d, i) => (i === a ? size : d))));
  x.graph.addNode('Split', [x, int64s(x.graph, sizes)], outs, { axis: a });
  return outs;
}

/** x[starts:ends] along `axes` (steps of 1). Bounds are clamped like numpy. */
export function slice(x: Value, starts: readonly number[], ends: readonly number[], axes: readonly number[]): Value {
  const shape = [...x.shape];
  axes.forEach((ax, i) => {
    const a = normAxis(ax, x.shape.length);
    const d = x.shape[a]!;
    if (typeof d !== 'number') {
      shape[a] = `${x.name}_slice${a}`;
      return;
    }
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
    shape[a] = Math.max(clamp(ends[i]!) - clamp(starts[i]!), 0);
  });
  const g = x.graph;
  return emit(g, 'Slice', [x, int64s(g, starts), int64s(g, ends), int64s(g, axes.map((ax) => normAxis(ax, x.shape.length)))], x.dtype, shape);
}

/** Embedding-style lookup: data [..., axis, ...] indexed by integer `indices`. */
export function gather(data: Value, indices: Value, axis = 0): Value {
  const a = normAxis(axis, data.shape.length);
  const shape = [...data.shape.slice(0, a), ...indices.shape, ...data.shape.slice(a + 1)];
  return emit(data.graph, 'Gather', [data, indices], data.dtype, shape, { axis: a });
}

export function gatherElements(data: Value, indices: Value, axis: number): Value {
  return emit(data.graph, 'GatherElements', [data, indices], data.dtype, indices.shape, { axis: normAxis(axis, data.shape.length) });
}

export function scatterElements(data: Value, indices: Value, updates: Value, axis: number, reduction: 'none' | 'add' = 'none'): Value {
  return emit(data.graph, 'ScatterElements', [data, indices, updates], data.dtype, data.shape, { axis: normAxis(axis, data.shape.length), reduction });
}

/** data[indices[i]] += updates[i] (indices [N, 1] address rows of data). */
export function scatterNDAdd(data: Value, indices: Value, updates: Value): Value {
  return emit(data.graph, 'ScatterND', [data, indices, updates], data.dtype, data.shape, { reduction: 'add' });
}

/** Zero padding: pads = [begin_0, ..., begin_n, end_0, ..., end_n]. */
export function pad(x: Value, pads: readonly number[]): Value {
  const rank = x.shape.length;
  const shape = x.shape.map((d, i) => (typeof d === 'number' ? d + pads[i]! + pads[i + rank]! : d));
  return emit(x.graph, 'Pad', [x, int64s(x.graph, pads)], x.dtype, shape);
}

/** A zero tensor with x's static shape, made at run time (no large initializer). */
export function zerosLike(x: Value): Value {
  return expand(scalar(x.graph, 0, x.dtype), staticShape(x.shape, 'zerosLike'));
}

export function expand(x: Value, shape: readonly number[]): Value {
  return emit(x.graph, 'Expand', [x, int64s(x.graph, shape)], x.dtype, broadcastShapes(x.shape, shape));
}

export function unsqueeze(x: Value, axes: readonly number[]): Value {
  const rank = x.shape.length + axes.length;
  const norm = axes.map((a) => normAxis(a, rank)).sort((p, q) => p - q);
  const shape: Dim[] = [];
  let src = 0;
  for (let i = 0; i < rank; i++) shape.push(norm.includes(i) ? 1 : x.shape[src++]!);
  return emit(x.graph, 'Unsqueeze', [x, int64s(x.graph, norm)], x.dtype, shape);
}

export function squeeze(x: Value, axes: readonly number[]): Value {
  const norm = axes.map((a) => normAxis(a, x.shape.length));
  for (const a of norm) if (x.shape[a] !== 1) throw new Error(`squeeze: axis ${a} of [${x.shape}] is not 1`);
  return emit(x.graph, 'Squeeze', [x, int64s(x.graph, norm)], x.dtype, x.shape.filter((_, i) => !norm.includes(i)));
}
