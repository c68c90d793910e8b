import { CompiledGraph, Graph, hostTensor, ops, type DType, type HostTensor, type Value } from '../graph/index.ts';
import { mulberry32 } from '../weights/random.ts';
import { gradients } from './grad.ts';

export interface GradCheckInput {
  name: string;
  shape: number[];
  /** Sampled uniformly in [lo, hi); keep away from kinks (relu, abs, max) and poles. */
  range?: [number, number];
  /** Integer inputs (indices) are fed as given and not differentiated. */
  ints?: number[];
}

export interface GradCheckResult {
  /** max |analytic - numeric| / max(1, |numeric|) over every checked element. */
  maxError: number;
  checked: number;
}

/**
 * Checks reverse-mode gradients of `build(inputs)` against central finite differences. The output is
 * reduced to a scalar with fixed random weights, so every output element's gradient path is exercised.
 */
export async function gradCheck(
  inputs: GradCheckInput[],
  build: (xs: Value[]) => Value,
  opts: { dtype?: DType; eps?: number; seed?: number } = {},
): Promise<GradCheckResult> {
  const dtype = opts.dtype ?? 'float64';
  const eps = opts.eps ?? 1e-6;
  const rand = mulberry32(opts.seed ?? 1);
  const g = new Graph('gradcheck');
  const xs = inputs.map((inp) => g.input(inp.name, inp.ints ? 'int64' : dtype, inp.shape));
  const y = build(xs);
  const n = y.shape.reduce((a: number, d) => a * Number(d), 1);
  const weights = Float64Array.from({ length: n }, () => rand() * 2 - 1);
  const proj = g.initializer('proj', dtype, y.shape, dtype === 'float64' ? weights : Float32Array.from(weights));
  const loss = ops.identity(ops.reduceSum(ops.mul(y, proj), y.shape.map((_, i) => i), false));
  const floatInputs = xs.filter((_, i) => !inputs[i]!.ints);
  const grads = gradients(loss, floatInputs);
  g.output(loss);
  grads.forEach((gr) => g.output(gr));
  const session = await CompiledGraph.create(g, { noOptimize: false });

  const feeds: Record<string, HostTensor> = {};
  const make = (data: number[]) => (dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data));
  inputs.forEach((inp, i) => {
    const count = inp.shape.reduce((a, b) => a * b, 1);
    if (inp.ints) feeds[xs[i]!.name] = hostTensor('int64', inp.shape, BigInt64Array.from(inp.ints.map(BigInt)));
    else {
      const [lo, hi] = inp.range ?? [-1, 1];
      feeds[xs[i]!.name] = hostTensor(dtype, inp.shape, make(Array.from({ length: count }, () => lo + (hi - lo) * rand())));
    }
  });
  const base = await session.run(feeds);
  let maxError = 0;
  let checked = 0;
  for (const [k, x] of floatInputs.entries()) {
    const analytic = base[grads[k]!.name]!.data as Float64Array;
    const data = feeds[x.name]!.data as Float64Array;
    for (let i = 0; i < data.length; i++) {
      const orig = data[i]!;
      data[i] = orig + eps;
      const up = Number((await session.run(feeds, [loss.name]))[loss.name]!.data[0]);
      data[i] = orig - eps;
      const down = Number((await session.run(feeds, [loss.name]))[loss.name]!.data[0]);
      data[i] = orig;
      const numeric = (up - down) / (2 * eps);
      maxError = Math.max(maxError, Math.abs(analytic[i]! - numeric) / Math.max(1, Math.abs(numeric)));
      checked++;
    }
  }
  await session.release();
  return { maxError, checked };
}
