import { hostTensor, type HostTensor } from '../graph/index.ts';
import { toFloat32 } from '../weights/index.ts';

// Hugging Face tensor names of the base models (GPT-2 and Llama families), for methods that train base
// tensors through the trainableBase hook: which block a tensor is in, and what kind of tensor it is.

/** Block index of 'transformer.h.3.…' or 'model.layers.3.…'; null for embeddings, final norm, head. */
export function blockIndex(name: string): number | null {
  const m = /^(?:transformer\.h|model\.layers)\.(\d+)\./.exec(name);
  return m ? Number(m[1]) : null;
}

/** LayerNorm / RMSNorm weights and biases: ln_1, ln_2, ln_f, input_layernorm, post_attention_layernorm, model.norm. */
export function isNormTensor(name: string): boolean {
  return /(?:^|\.)(?:ln_\w+|\w*layernorm|\w*layer_norm|norm)\.(?:weight|bias)$/.test(name);
}

/** Token and position embeddings and an untied LM head. */
export function isEmbeddingTensor(name: string): boolean {
  return /^(?:transformer\.(?:wte|wpe)|model\.embed_tokens|lm_head)\.weight$/.test(name);
}

/** The final norm after the last block (ln_f, model.norm). */
export function isFinalNorm(name: string): boolean {
  return /^(?:transformer\.ln_f|model\.norm)\.(?:weight|bias)$/.test(name);
}

/**
 * The merge of methods that train base tensors in place (full, frozen, layer-wise, LN tuning): the base
 * with each trained tensor (by HF name) swapped in. Exact, so such an adapter serves as a plain model.
 */
export function withTrainedTensors(method: string, base: ReadonlyMap<string, HostTensor>, trained: ReadonlyMap<string, HostTensor>): Map<string, HostTensor> {
  const merged = new Map(base);
  for (const [name, t] of trained) {
    const old = base.get(name);
    if (!old) throw new Error(`${method}: base model has no tensor '${name}'`);
    if (old.shape.join() !== t.shape.join()) throw new Error(`${method}: '${name}' is [${t.shape}], the base has [${old.shape}]`);
    merged.set(name, t.dtype === 'float32' ? t : hostTensor('float32', t.shape, Float32Array.from(toFloat32(t))));
  }
  return merged;
}
