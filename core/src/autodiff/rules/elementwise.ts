import { ops, type Value } from '../../graph/index.ts';
import { sumToShape } from '../sum-to.ts';
import { defineVjp, type VjpContext } from '../types.ts';

/** Gradient for a binary broadcasting op, reduced to each input's shape. */
function binary(ctx: VjpContext, ga: () => Value, gb: () => Value): (Value | null)[] {
  return [ctx.needs(0) ? sumToShape(ga(), ctx.x(0).shape) : null, ctx.needs(1) ? sumToShape(gb(), ctx.x(1).shape) : null];
}

defineVjp('Add', (c) => binary(c, () => c.gy(0)!, () => c.gy(0)!));
defineVjp('Sub', (c) => binary(c, () => c.gy(0)!, () => ops.neg(c.gy(0)!)));
defineVjp('Mul', (c) => binary(c, () => ops.mul(c.gy(0)!, c.x(1)), () => ops.mul(c.gy(0)!, c.x(0))));
defineVjp('Div', (c) =>
  binary(c, () => ops.div(c.gy(0)!, c.x(1)), () => ops.neg(ops.div(ops.mul(c.gy(0)!, c.y(0)), c.x(1)))),
);
defineVjp('Pow', (c) => {
  if (c.needs(1)) throw new Error('Pow: gradient with respect to the exponent is not supported');
  // d/da a^p = p * a^(p-1)
  const p = c.x(1);
  return [sumToShape(ops.mul(c.gy(0)!, ops.mul(p, ops.pow(c.x(0), ops.sub(p, 1)))), c.x(0).shape), null];
});
defineVjp('Max', (c) => {
  const aWins = ops.less(c.x(1), c.x(0));
  return binary(c, () => ops.where(aWins, c.gy(0)!, 0), () => ops.where(aWins, 0, c.gy(0)!));
});
defineVjp('Min', (c) => {
  const aWins = ops.less(c.x(0), c.x(1));
  return binary(c, () => ops.where(aWins, c.gy(0)!, 0), () => ops.where(aWins, 0, c.gy(0)!));
});
defineVjp('Where', (c) => {
  const g = c.gy(0)!;
  const cond = c.x(0);
  return [
    null,
    c.needs(1) ? sumToShape(ops.where(cond, g, 0), c.x(1).shape) : null,
    c.needs(2) ? sumToShape(ops.where(cond, 0, g), c.x(2).shape) : null,
  ];
});

const unary = (op: string, rule: (g: Value, x: Value, y: Value) => Value) =>
  defineVjp(op, (c) => [rule(c.gy(0)!, c.x(0), c.y(0))]);

unary('Neg', (g) => ops.neg(g));
unary('Identity', (g) => g);
unary('Exp', (g, _x, y) => ops.mul(g, y));
unary('Log', (g, x) => ops.div(g, x));
unary('Sqrt', (g, _x, y) => ops.div(ops.mul(g, 0.5), y));
unary('Reciprocal', (g, _x, y) => ops.neg(ops.mul(g, ops.mul(y, y))));
unary('Tanh', (g, _x, y) => ops.mul(g, ops.sub(1, ops.mul(y, y))));
unary('Sigmoid', (g, _x, y) => ops.mul(g, ops.mul(y, ops.sub(1, y))));
unary('Relu', (g, x) => ops.where(ops.greater(x, 0), g, 0));
unary('Abs', (g, x) => ops.where(ops.less(x, 0), ops.neg(g), g));
unary('Sin', (g, x) => ops.mul(g, ops.cos(x)));
unary('Cos', (g, x) => ops.neg(ops.mul(g, ops.sin(x))));
// d/dx erf(x) = 2/sqrt(pi) * exp(-x^2)
unary('Erf', (g, x) => ops.mul(g, ops.mul(ops.exp(ops.neg(ops.mul(x, x))), 2 / Math.sqrt(Math.PI))));
unary('Cast', (g, x) => ops.cast(g, x.dtype));
