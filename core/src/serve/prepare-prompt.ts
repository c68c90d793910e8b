import type { AdapterFiles } from '../plugin/index.ts';
import { toFloat32, type ModelConfig } from '../weights/index.ts';
import type { PrefixKv, ServeAdapter } from './adapter.ts';

function promptEmbeddings(files: AdapterFiles): { rows: number; cols: number; data: Float32Array } {
  const t = files.tensors.get('prompt_embeddings');
  if (!t || t.shape.length !== 2) throw new Error(`${String(files.config.peft_type)} adapter has no [P, width] 'prompt_embeddings'`);
  return { rows: t.shape[0]!, cols: t.shape[1]!, data: Float32Array.from(toFloat32(t)) };
}

/** Prompt tuning and P-tuning as PEFT saves them: the final virtual-token table [P, C]. */
export function preparePrompt(files: AdapterFiles, config: ModelConfig): NonNullable<ServeAdapter['prompt']> {
  const e = promptEmbeddings(files);
  if (e.cols !== config.hidden) throw new Error(`prompt_embeddings is [${e.rows}, ${e.cols}], the model's hidden size is ${config.hidden}`);
  return { tokens: e.rows, data: e.data };
}

/**
 * Prefix tuning as PEFT saves it: prompt_embeddings [P, L*2*KVH*D], viewed (P, L*2, KVH, D) and permuted
 * to per-layer keys and values [KVH, P, D] (PEFT's past_key_values), the KV cache's own layout.
 */
export function preparePrefix(files: AdapterFiles, config: ModelConfig): PrefixKv {
  const e = promptEmbeddings(files);
  const { layers: L, kvHeads: KVH, headDim: D } = config;
  if (e.cols !== L * 2 * KVH * D) throw new Error(`prompt_embeddings is [${e.rows}, ${e.cols}], prefixes for this model need width ${L * 2 * KVH * D}`);
  const P = e.rows;
  const planes = Array.from({ length: 2 * L }, () => new Float32Array(KVH * P * D));
  for (let p = 0; p < P; p++) {
    for (let j = 0; j < 2 * L; j++) {
      for (let h = 0; h < KVH; h++) {
        const src = p * e.cols + (j * KVH + h) * D;
        planes[j]!.set(e.data.subarray(src, src + D), (h * P + p) * D);
      }
    }
  }
  return { tokens: P, keys: planes.filter((_, j) => j % 2 === 0), values: planes.filter((_, j) => j % 2 === 1) };
}
