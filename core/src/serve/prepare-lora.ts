import type { HostTensor } from '../graph/index.ts';
import type { AdapterFiles } from '../plugin/index.ts';
import { toFloat32 } from '../weights/index.ts';
import type { LoraFactors } from './adapter.ts';
import type { ServeSite } from './sites.ts';

const LORA_A = /^base_model\.model\.(.+)\.lora_A\.weight$/;

/** PEFT's rank_pattern / alpha_pattern lookup: the key equals the path or is its dotted suffix. */
function pick<T>(pattern: unknown, path: string, fallback: T): T {
  if (!pattern || typeof pattern !== 'object') return fallback;
  const key = Object.keys(pattern).find((k) => path === k || path.endsWith(`.${k}`) || new RegExp(`(^|\\.)${k}$`).test(path));
  return key === undefined ? fallback : ((pattern as Record<string, T>)[key] as T);
}

/** alpha/r, or alpha/sqrt(r) with rsLoRA, for one module (r from its tensors, alpha from the config). */
export function loraScaling(config: Record<string, unknown>, path: string, rank: number): number {
  const alpha = pick(config.alpha_pattern, path, Number(config.lora_alpha ?? 8));
  return config.use_rslora === true ? alpha / Math.sqrt(rank) : alpha / rank;
}

/** PEFT-saved lora_A [r, in] and lora_B [out, r] per module -> A^T [in, r] and scaling·B^T [r, out]. */
export function prepareLora(files: AdapterFiles, sites: ReadonlyMap<string, ServeSite>): Map<string, LoraFactors> {
  const out = new Map<string, LoraFactors>();
  for (const [name, a] of files.tensors) {
    const path = LORA_A.exec(name)?.[1];
    if (path === undefined) continue;
    const site = sites.get(path);
    if (!site) throw new Error(`adapter has LoRA weights for '${path}', which is not a linear layer of this model`);
    const b = files.tensors.get(`base_model.model.${path}.lora_B.weight`);
    if (!b) throw new Error(`adapter has '${name}' but no matching lora_B`);
    out.set(path, factors(a, b, site, loraScaling(files.config, path, a.shape[0]!)));
  }
  return out;
}

function factors(a: HostTensor, b: HostTensor, site: ServeSite, scaling: number): LoraFactors {
  const [rank, inF] = a.shape as [number, number];
  const outF = b.shape[0]!;
  if (inF !== site.inFeatures || outF !== site.outFeatures || b.shape[1] !== rank) {
    throw new Error(`LoRA factors of '${site.path}' are [${a.shape}] and [${b.shape}], the layer is ${site.inFeatures} -> ${site.outFeatures}`);
  }
  return { rank, a: transposed(toFloat32(a), rank, inF, 1), b: transposed(toFloat32(b), outF, rank, scaling) };
}

/**
 * scale·Xᵀ of a row-major [rows, cols] matrix. Four source rows per pass (a LoRA factor has few rows or few
 * columns): four reads and writes per step instead of one strided write per element, ~1.5x faster at r=8.
 */
export function transposed(x: Float32Array, rows: number, cols: number, scale: number): Float32Array {
  const out = new Float32Array(rows * cols);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const [x0, x1, x2, x3] = [r * cols, (r + 1) * cols, (r + 2) * cols, (r + 3) * cols];
    for (let c = 0, w = r; c < cols; c++, w += rows) {
      out[w] = scale * x[x0 + c]!;
      out[w + 1] = scale * x[x1 + c]!;
      out[w + 2] = scale * x[x2 + c]!;
      out[w + 3] = scale * x[x3 + c]!;
    }
  }
  for (; r < rows; r++) for (let c = 0, w = r; c < cols; c++, w += rows) out[w] = scale * x[r * cols + c]!;
  return out;
}
