import { inits, ops, toFloat32, type HostTensor, type Init, type ParameterStore, type Value } from '@edgetune/core';
import type { PrefixTuningConfig } from './config.ts';
import type { PrefixDims } from './dims.ts';

/** PEFT's in-memory names (PrefixEncoder). */
export const EMBEDDING = 'prompt_encoder.default.embedding.weight';
export const TRANSFORM = ['0.weight', '0.bias', '2.weight', '2.bias'].map((s) => `prompt_encoder.default.transform.${s}`) as [string, string, string, string];

/** nn.Linear's default init for weight and bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
const uniform = (fanIn: number): Init => (shape, rand) =>
  Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() * 2 - 1) / Math.sqrt(fanIn));

/** Whether the prefix is computed by the reparameterization MLP (training with prefix_projection). */
export const isProjected = (cfg: PrefixTuningConfig) => cfg.prefix_projection && !cfg.inference_mode;

/**
 * The flat prefix [P, L*2*KVH*D] as PEFT's get_prompt builds it: the embedding itself, or with prefix_projection
 * transform(embedding) = Linear(token_dim, hidden) -> Tanh -> Linear(hidden, L*2*token_dim).
 */
export function prefixValue(params: ParameterStore, cfg: PrefixTuningConfig, d: PrefixDims): Value {
  const zero = cfg.init_weights === 'zero';
  if (!isProjected(cfg)) return params.param(EMBEDDING, [d.tokens, d.width], zero ? inits.zeros : inits.normal(1));
  const e = params.param(EMBEDDING, [d.tokens, d.tokenDim], inits.normal(1)); // [P, td]
  const w0 = params.param(TRANSFORM[0], [d.hidden, d.tokenDim], uniform(d.tokenDim));
  const b0 = params.param(TRANSFORM[1], [d.hidden], uniform(d.tokenDim));
  const w2 = params.param(TRANSFORM[2], [d.width, d.hidden], zero ? inits.zeros : uniform(d.hidden));
  const b2 = params.param(TRANSFORM[3], [d.width], zero ? inits.zeros : uniform(d.hidden));
  const linear = (x: Value, w: Value, b: Value) => ops.add(ops.matmul(x, ops.transpose(w, [1, 0])), b);
  return linear(ops.tanh(linear(e, w0, b0)), w2, b2); // [P, width]
}

/** The same projection on the host, in float64, for saving PEFT's `prompt_embeddings` [P, L*2*td]. */
export function projectOnHost(tensors: ReadonlyMap<string, HostTensor>): HostTensor {
  const get = (name: string) => {
    const t = tensors.get(name);
    if (!t) throw new Error(`prefix-tuning: adapter state has no '${name}'`);
    return t;
  };
  const e = get(EMBEDDING);
  const [w0, b0, w2, b2] = TRANSFORM.map(get) as [HostTensor, HostTensor, HostTensor, HostTensor];
  const rows = e.shape[0]!;
  const hidden = hostLinear(toFloat32(e), rows, w0, b0).map(Math.tanh);
  const out = hostLinear(hidden, rows, w2, b2);
  return { dtype: 'float32', shape: [rows, w2.shape[0]!], data: Float32Array.from(out) };
}

/** y [N, out] = x [N, in] @ W^T + b, with W [out, in] as nn.Linear stores it. */
function hostLinear(x: ArrayLike<number>, rows: number, w: HostTensor, b: HostTensor): Float64Array {
  const [out, inF] = w.shape as [number, number];
  const W = toFloat32(w);
  const B = toFloat32(b);
  const y = new Float64Array(rows * out);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < out; o++) {
      let s = B[o]!;
      for (let i = 0; i < inF; i++) s += x[r * inF + i]! * W[o * inF + i]!;
      y[r * out + o] = s;
    }
  }
  return y;
}
