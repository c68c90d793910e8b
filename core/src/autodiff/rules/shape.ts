import { ops, staticShape, type Value } from '../../graph/index.ts';
import { sumToShape } from '../sum-to.ts';
import { defineVjp } from '../types.ts';

const backToInput = (g: Value, x: Value) => ops.reshape(g, staticShape(x.shape, 'reshape gradient'));

defineVjp('Reshape', (c) => [backToInput(c.gy(0)!, c.x(0)), null]);
defineVjp('Unsqueeze', (c) => [backToInput(c.gy(0)!, c.x(0)), null]);
defineVjp('Squeeze', (c) => [backToInput(c.gy(0)!, c.x(0)), null]);
defineVjp('Expand', (c) => [sumToShape(c.gy(0)!, c.x(0).shape), null]);

defineVjp('Transpose', (c) => {
  const perm = c.node.attrs.perm as number[];
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return [ops.transpose(c.gy(0)!, inverse)];
});

defineVjp('Concat', (c) => {
  const axis = c.node.attrs.axis as number;
  let offset = 0;
  return c.node.inputs.map((_, i) => {
    const size = Number(c.x(i).shape[axis]);
    const part = c.needs(i) ? ops.slice(c.gy(0)!, [offset], [offset + size], [axis]) : null;
    offset += size;
    return part;
  });
});

// The gradient of a split is the concatenation of the pieces' gradients (zeros where a piece is unused).
defineVjp('Split', (c) => {
  const axis = c.node.attrs.axis as number;
  const parts = c.node.outputs.map((_, i) => c.gy(i) ?? ops.zerosLike(c.y(i)));
  return [ops.concat(parts, axis), null];
});

defineVjp('Slice', (c) => {
  // Pad the gradient back with zeros where the slice cut the input.
  const x = c.x(0);
  const shape = staticShape(x.shape, 'slice gradient');
  const read = (v: Value | null) => Array.from((v && c.g.initializers.get(v.id)?.data) as BigInt64Array, Number);
  const [starts, ends, axes] = [read(c.node.inputs[1]!), read(c.node.inputs[2]!), read(c.node.inputs[3]!)];
  if (c.node.inputs[4]) throw new Error('Slice gradient supports unit steps only');
  const before = new Array(shape.length).fill(0);
  const after = new Array(shape.length).fill(0);
  axes.forEach((a, i) => {
    const d = shape[a]!;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
    before[a] = clamp(starts[i]!);
    after[a] = d - clamp(ends[i]!);
  });
  return [ops.pad(c.gy(0)!, [...before, ...after]), null, null, null];
});

// Embedding lookup: rows gathered (possibly repeatedly) from data; gradient scatter-adds them back.
defineVjp('Gather', (c) => {
  if ((c.node.attrs.axis as number) !== 0) throw new Error('Gather gradient supports axis 0 only');
  const data = c.x(0);
  const idx = c.x(1);
  const cols = staticShape(data.shape.slice(1), 'gather gradient');
  const n = staticShape(idx.shape, 'gather indices').reduce((p, q) => p * q, 1);
  const updates = ops.reshape(c.gy(0)!, [n, ...cols]);
  const flatIdx = ops.reshape(idx, [n, 1]);
  return [ops.scatterNDAdd(ops.zerosLike(data), flatIdx, updates), null];
});

defineVjp('GatherElements', (c) => {
  const axis = c.node.attrs.axis as number;
  return [ops.scatterElements(ops.zerosLike(c.x(0)), c.x(1), c.gy(0)!, axis, 'add'), null];
});

defineVjp('Pad', (c) => {
  const pads = Array.from(c.g.initializers.get(c.node.inputs[1]!.id)!.data as BigInt64Array, Number);
  const rank = pads.length / 2;
  const shape = staticShape(c.x(0).shape, 'pad gradient');
  const axes = [...Array(rank).keys()];
  return [ops.slice(c.gy(0)!, axes.map((a) => pads[a]!), axes.map((a) => pads[a]! + shape[a]!), axes), null];
});
