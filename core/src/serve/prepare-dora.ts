import type { HostTensor } from '../graph/index.ts';
import type { AdapterFiles } from '../plugin/index.ts';
import { toFloat32 } from '../weights/index.ts';
import type { LoraFactors, SiteScales } from './adapter.ts';
import type { ServeSite } from './sites.ts';

const MAGNITUDE = /^base_model\.model\.(.+)\.lora_magnitude_vector$/;

/**
 * DoRA's per-output scale m / ||W + s·B·A|| (PEFT's mag_norm_scale; the norm is a constant at inference),
 * so y = (x@W + s·lora(x)) ⊙ scale + b: a LoRA delta plus an output scale, which the graph already has.
 */
export function prepareDora(files: AdapterFiles, lora: ReadonlyMap<string, LoraFactors>, sites: ReadonlyMap<string, ServeSite>, base: ReadonlyMap<string, HostTensor>): Map<string, SiteScales> {
  const out = new Map<string, SiteScales>();
  for (const [name, m] of files.tensors) {
    const path = MAGNITUDE.exec(name)?.[1];
    if (path === undefined) continue;
    const site = sites.get(path);
    const f = lora.get(path);
    const w = base.get(`${path}.weight`);
    if (!site || !f || !w) throw new Error(`DoRA magnitude '${name}' has no LoRA factors or base weight to go with`);
    const norms = rowNorms(toFloat32(w), f, site);
    const mag = toFloat32(m);
    if (mag.length !== site.outFeatures) throw new Error(`'${name}' has ${mag.length} entries, '${path}' has ${site.outFeatures} outputs`);
    out.set(path, { out: Float32Array.from(mag, (v, o) => v / norms[o]!) });
  }
  return out;
}

/** ||W + s·B·A|| per output, with W as stored ([in, out] Conv1D or [out, in] Linear). */
function rowNorms(w: Float32Array, f: LoraFactors, site: ServeSite): Float64Array {
  const { inFeatures: inF, outFeatures: outF } = site;
  const sums = new Float64Array(outF);
  for (let i = 0; i < inF; i++) {
    for (let o = 0; o < outF; o++) {
      let d = 0;
      for (let k = 0; k < f.rank; k++) d += f.a[i * f.rank + k]! * f.b[k * outF + o]!;
      const v = (site.conv1d ? w[i * outF + o]! : w[o * inF + i]!) + d;
      sums[o]! += v * v;
    }
  }
  return sums.map(Math.sqrt);
}
