import { ONNX_DTYPE, type DType } from '../dtype.ts';
import type { Value } from '../graph.ts';
import { broadcastShapes } from '../shape.ts';
import { emit, operands, type Operand } from './emit.ts';

function binary(op: string, a: Operand, b: Operand, outDtype?: DType): Value {
  const [x, y] = operands(a, b);
  return emit(x.graph, op, [x, y], outDtype ?? x.dtype, broadcastShapes(x.shape, y.shape));
}

const unary = (op: string) => (x: Value): Value => emit(x.graph, op, [x], x.dtype, x.shape);

export const add = (a: Operand, b: Operand) => binary('Add', a, b);
export const sub = (a: Operand, b: Operand) => binary('Sub', a, b);
export const mul = (a: Operand, b: Operand) => binary('Mul', a, b);
export const div = (a: Operand, b: Operand) => binary('Div', a, b);
export const pow = (a: Operand, b: Operand) => binary('Pow', a, b);
export const max = (a: Operand, b: Operand) => binary('Max', a, b);
export const min = (a: Operand, b: Operand) => binary('Min', a, b);
export const equal = (a: Operand, b: Operand) => binary('Equal', a, b, 'bool');
export const less = (a: Operand, b: Operand) => binary('Less', a, b, 'bool');
export const greater = (a: Operand, b: Operand) => binary('Greater', a, b, 'bool');
export const and = (a: Value, b: Value) => binary('And', a, b, 'bool');

export const neg = unary('Neg');
export const exp = unary('Exp');
export const log = unary('Log');
export const sqrt = unary('Sqrt');
export const reciprocal = unary('Reciprocal');
export const tanh = unary('Tanh');
export const erf = unary('Erf');
export const sigmoid = unary('Sigmoid');
export const relu = unary('Relu');
export const abs = unary('Abs');
export const sin = unary('Sin');
export const cos = unary('Cos');
export const not = unary('Not');
export const identity = unary('Identity');

/** cond ? a : b, elementwise with broadcasting. */
export function where(cond: Value, a: Operand, b: Operand): Value {
  const [x, y] = operands(a, b);
  if (cond.dtype !== 'bool') throw new Error(`where: condition must be bool, got ${cond.dtype}`);
  return emit(x.graph, 'Where', [cond, x, y], x.dtype, broadcastShapes(cond.shape, broadcastShapes(x.shape, y.shape)));
}

export function cast(x: Value, to: DType): Value {
  if (x.dtype === to) return x;
  return emit(x.graph, 'Cast', [x], to, x.shape, { to: ONNX_DTYPE[to] });
}

