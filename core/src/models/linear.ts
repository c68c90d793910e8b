import { ops, type Value } from '../graph/index.ts';
import type { BuildContext } from './context.ts';
import type { LinearSite } from './hooks.ts';

/** y = x @ W + b through the plugin hooks; W is [in, out] in the graph. */
export function linear(ctx: BuildContext, path: string, layer: number, x: Value, weight: Value, bias: Value | null): Value {
  const [inFeatures, outFeatures] = weight.shape as [number, number];
  const site: LinearSite = { path, module: path.slice(path.lastIndexOf('.') + 1), layer, inFeatures, outFeatures, weight, bias };
  return ctx.g.scope(path, () =>
    ctx.hooks.runLinear(site, x, (input) => {
      const y = ops.matmul(input, weight);
      return bias ? ops.add(y, bias) : y;
    }),
  );
}
