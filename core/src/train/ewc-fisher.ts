// EWC's diagonal Fisher: the mean over reference batches of each trainable tensor's squared gradient.
import { gradients } from '../autodiff/index.ts';
import { CompiledGraph, hostTensor, type Device, type HostTensor } from '../graph/index.ts';
import type { BaseModel } from '../engine/base-model.ts';
import { buildLossGraph, type LossGraphSpec } from '../engine/loss-graph.ts';
import type { Batch } from './step-runner.ts';

export interface EwcReference {
  /** F by parameter name: mean over batches of grad², the batch gradient of the mean token loss. */
  fisher: Map<string, HostTensor>;
  /** θ*: the parameters the Fisher was taken at (the start of training). */
  anchor: Map<string, HostTensor>;
}

/** Runs a temporary gradient session over `batches` at the store's current parameters. */
export async function diagonalFisher(model: BaseModel, spec: LossGraphSpec, batches: readonly Batch[], device?: Device): Promise<EwcReference> {
  const lg = buildLossGraph(model, spec);
  const grads = gradients(lg.loss, lg.params);
  lg.params.forEach((p, i) => lg.g.output(grads[i]!, `grad.${p.name}`));
  const names = lg.params.map((p) => p.name);
  const session = await CompiledGraph.create(lg.g, { device });
  const anchor = new Map(names.map((n) => [n, spec.params.values.get(n)!] as const));
  const sums = new Map(names.map((n) => [n, new Float64Array(anchor.get(n)!.data.length)] as const));
  try {
    for (const b of batches) {
      const out = await session.run({ ...Object.fromEntries(anchor), ...b }, names.map((n) => `grad.${n}`));
      for (const n of names) {
        const g = out[`grad.${n}`]!.data as Float32Array;
        const s = sums.get(n)!;
        for (let i = 0; i < g.length; i++) s[i]! += g[i]! * g[i]!;
      }
    }
  } finally {
    await session.release();
  }
  const fisher = new Map(names.map((n) => [n, hostTensor('float32', anchor.get(n)!.shape, Float32Array.from(sums.get(n)!, (x) => x / batches.length))] as const));
  return { fisher, anchor: new Map(names.map((n) => [n, hostTensor('float32', anchor.get(n)!.shape, Float32Array.from(anchor.get(n)!.data as Float32Array))] as const)) };
}
