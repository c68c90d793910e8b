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

export interface CrossEntropyOut {
  /** Mean negative log-likelihood over rows whose label is not ignored. */
  loss: Value;
  /** log_softmax(logits), [N, V]; the backward pass reuses it. */
  logProb: Value;
}

/** ONNX SoftmaxCrossEntropyLoss with mean reduction: logits [N, V], labels [N] int64. */
export function crossEntropy(logits: Value, labels: Value, ignoreIndex = -100): CrossEntropyOut {
  if (logits.shape.length !== 2 || labels.shape.length !== 1) {
    throw new Error(`crossEntropy: expected logits [N, V] and labels [N], got [${logits.shape}] and [${labels.shape}]`);
  }
  const g = logits.graph;
  const loss = g.newValue(logits.dtype, []);
  const logProb = g.newValue(logits.dtype, logits.shape);
  g.addNode('SoftmaxCrossEntropyLoss', [logits, labels], [loss, logProb], { reduction: 'mean', ignore_index: ignoreIndex });
  return { loss, logProb };
}

/** Identity whose output carries no gradient (e.g. DoRA's detached weight norm). */
export function stopGradient(x: Value): Value {
  const out = emit(x.graph, 'Identity', [x], x.dtype, x.shape);
  x.graph.noGradient.add(out.id);
  return out;
}
