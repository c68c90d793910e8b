import type { Value } from '../graph.ts';
import { normAxis } from '../shape.ts';
import { emit } from './emit.ts';

export function softmax(x: Value, axis = -1): Value {
  return emit(x.graph, 'Softmax', [x], x.dtype, x.shape, { axis: normAxis(axis, x.shape.length) });
}

export function logSoftmax(x: Value, axis = -1): Value {
  return emit(x.graph, 'LogSoftmax', [x], x.dtype, x.shape, { axis: normAxis(axis, x.shape.length) });
}

/** GELU (ONNX opset 20): 'tanh' is GPT-2's gelu_new, 'none' the exact erf form. */
export function gelu(x: Value, approximate: 'none' | 'tanh' = 'none'): Value {
  return emit(x.graph, 'Gelu', [x], x.dtype, x.shape, { approximate });
}

export interface LayerNormOut {
  y: Value;
  /** Per-row mean and 1/sqrt(var + eps), [..., 1], in float32 (ONNX's stash type); backward reuses them. */
  mean: Value;
  invStd: Value;
}

/** LayerNormalization over the last axis; weight and bias are [C]. */
export function layerNorm(x: Value, weight: Value, bias: Value | null, epsilon: number): LayerNormOut {
  const g = x.graph;
  const stats = [...x.shape.slice(0, -1), 1];
  const y = g.newValue(x.dtype, x.shape);
  const mean = g.newValue('float32', stats);
  const invStd = g.newValue('float32', stats);
  g.addNode('LayerNormalization', [x, weight, bias], [y, mean, invStd], { axis: -1, epsilon: { float: epsilon } });
  return { y, mean, invStd };
}
