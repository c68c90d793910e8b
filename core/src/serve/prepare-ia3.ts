import type { HostTensor } from '../graph/index.ts';
import type { AdapterFiles } from '../plugin/index.ts';
import { toFloat32 } from '../weights/index.ts';
import type { SiteScales } from './adapter.ts';
import type { ServeSite } from './sites.ts';

const IA3 = /^base_model\.model\.(.+)\.ia3_l$/;

/**
 * PEFT's IA3 vectors: [1, in] on a feedforward module scales its input; [out, 1] on any other scales its
 * output, bias included (so the row's bias is b ⊙ l). The saved shape tells which.
 */
export function prepareIA3(files: AdapterFiles, sites: ReadonlyMap<string, ServeSite>, base: ReadonlyMap<string, HostTensor>): Map<string, SiteScales> {
  const out = new Map<string, SiteScales>();
  for (const [name, t] of files.tensors) {
    const path = IA3.exec(name)?.[1];
    if (path === undefined) continue;
    const site = sites.get(path);
    if (!site) throw new Error(`adapter has IA3 weights for '${path}', which is not a linear layer of this model`);
    const l = Float32Array.from(toFloat32(t));
    const [rows, cols] = t.shape as [number, number];
    if (rows === 1 && cols === site.inFeatures) {
      out.set(path, { in: l });
    } else if (cols === 1 && rows === site.outFeatures) {
      const b = site.hasBias ? base.get(`${path}.bias`) : undefined;
      out.set(path, { out: l, ...(b && { bias: Float32Array.from(toFloat32(b), (v, o) => v * l[o]!) }) });
    } else {
      throw new Error(`IA3 vector '${name}' is [${t.shape}], '${path}' is ${site.inFeatures} -> ${site.outFeatures}`);
    }
  }
  return out;
}
