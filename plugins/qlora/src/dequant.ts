import { ops, type Graph, type Value } from '@edgetune/core';
import { blocksOf, DQ_BLOCK, NF4, type Nf4Weight } from './nf4.ts';

/** [256, 2]: the two NF4 values a packed byte holds, so one Gather decodes both nibbles. */
function pairTable(g: Graph): Value {
  const data = new Float32Array(512);
  for (let b = 0; b < 256; b++) [data[2 * b], data[2 * b + 1]] = [NF4[b >> 4]!, NF4[b & 15]!];
  return g.constant('float32', [256, 2], data, 'nf4-pairs');
}

/**
 * ONNX DequantizeLinear: y = (x - zero_point) * scale, per tensor or along `axis`. Besides decoding the
 * int8 absmax, it keeps the weights 4-bit inside ONNX Runtime: its constant folding leaves
 * DequantizeLinear alone (to keep QDQ models quantized), so nothing downstream of one folds into a
 * float32 copy of the weight at session creation.
 */
function dequantizeLinear(x: Value, scale: Value, zeroPoint: Value, axis?: number): Value {
  const g = x.graph;
  const y = g.newValue('float32', x.shape);
  g.addNode('DequantizeLinear', [x, scale, zeroPoint], [y], axis === undefined ? {} : { axis });
  return y;
}

/** The per-block absmax as a [blocks, 1] value. */
function absmaxValue(g: Graph, name: string, w: Nf4Weight): Value {
  const blocks = blocksOf(w);
  if (w.absmax) return g.initializer(`${name}.absmax`, 'float32', [blocks, 1], w.absmax);
  const { q, scale, offset } = w.dq!;
  const groups = scale.length;
  const codes = g.initializer(`${name}.absmax_q`, 'int8', [groups, DQ_BLOCK], q);
  const s = g.initializer(`${name}.absmax_scale`, 'float32', [groups], scale);
  const zp = g.constant('int8', [groups], new Int8Array(groups), `zeros-${groups}`);
  const flat = ops.reshape(dequantizeLinear(codes, s, zp, 0), [groups * DQ_BLOCK]); // [groups * 256]
  const used = groups * DQ_BLOCK === blocks ? flat : ops.slice(flat, [0], [blocks], [0]);
  const mean = g.initializer(`${name}.absmax_offset`, 'float32', [1], Float32Array.of(offset));
  return ops.reshape(ops.add(used, mean), [blocks, 1]);
}

/**
 * The float32 weight [rows, cols] decoded in the graph from 4-bit codes and block scales:
 * codes (uint8, 2 per byte) -> pairs of NF4 values -> times each block's absmax.
 */
export function dequantizeInGraph(g: Graph, name: string, w: Nf4Weight, shape: [number, number]): Value {
  const blocks = blocksOf(w);
  const packed = g.initializer(`${name}.nf4`, 'uint8', [w.codes.length], w.codes); // [blocks * bs / 2]
  const one = g.constant('float32', [], Float32Array.of(1), 'dq-one');
  const zero = g.constant('uint8', [], Uint8Array.of(0), 'dq-zero');
  const bytes = ops.cast(dequantizeLinear(packed, one, zero), 'int32'); // [blocks * bs / 2], 0..255
  const values = ops.reshape(ops.gather(pairTable(g), bytes), [blocks, w.blockSize]); // NF4 values
  const flat = ops.reshape(ops.mul(values, absmaxValue(g, name, w)), [blocks * w.blockSize]);
  const used = blocks * w.blockSize === w.length ? flat : ops.slice(flat, [0], [w.length], [0]);
  return ops.reshape(used, shape);
}
