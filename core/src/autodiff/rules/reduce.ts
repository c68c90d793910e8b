import { ops, staticShape, type Value } from '../../graph/index.ts';
import { defineVjp, type VjpContext } from '../types.ts';

function axesOf(c: VjpContext): number[] {
  return Array.from(c.g.initializers.get(c.node.inputs[1]!.id)!.data as BigInt64Array, Number);
}

/** Brings a reduced gradient back to the input's shape (re-inserting reduced axes, then broadcasting). */
function spread(c: VjpContext, g: Value): Value {
  const x = c.x(0);
  const shape = staticShape(x.shape, 'reduce gradient');
  const kept = c.node.attrs.keepdims === 1 ? g : ops.unsqueeze(g, axesOf(c));
  return ops.expand(kept, shape);
}

defineVjp('ReduceSum', (c) => [spread(c, c.gy(0)!), null]);
defineVjp('ReduceMean', (c) => {
  const shape = staticShape(c.x(0).shape, 'reduce gradient');
  const count = axesOf(c).reduce((n, a) => n * shape[a]!, 1);
  return [spread(c, ops.div(c.gy(0)!, count)), null];
});
// Max: the gradient goes to the maximal elements (ties share it, as in most frameworks' subgradient).
defineVjp('ReduceMax', (c) => {
  const hit = ops.equal(c.x(0), spread(c, c.y(0)));
  return [ops.where(hit, spread(c, c.gy(0)!), 0), null];
});
