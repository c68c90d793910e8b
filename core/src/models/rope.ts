import { ops, type Graph, type Value } from '../graph/index.ts';
import type { ModelConfig } from '../weights/index.ts';

/** Rotary inverse frequencies, with the rope_scaling variants transformers implements for Llama 3. */
function inverseFrequencies(config: ModelConfig): Float64Array {
  const dim = config.headDim;
  const theta = config.ropeTheta ?? 10000;
  const inv = Float64Array.from({ length: dim / 2 }, (_, i) => Math.fround(1 / Math.fround(theta ** ((2 * i) / dim))));
  const scaling = config.ropeScaling;
  if (!scaling || scaling.rope_type === 'default') return inv;
  const kind = scaling.rope_type;
  const factor = Number(scaling.factor ?? 1);
  if (kind === 'linear') return inv.map((f) => f / factor);
  if (kind === 'llama3') {
    const low = Number(scaling.low_freq_factor ?? 1);
    const high = Number(scaling.high_freq_factor ?? 4);
    const original = Number(scaling.original_max_position_embeddings ?? 8192);
    const lowWavelen = original / low;
    const highWavelen = original / high;
    return inv.map((f) => {
      const wavelen = (2 * Math.PI) / f;
      if (wavelen > lowWavelen) return f / factor;
      if (wavelen < highWavelen) return f;
      const smooth = (original / wavelen - low) / (high - low);
      return (1 - smooth) * (f / factor) + smooth * f;
    });
  }
  throw new Error(`rope_scaling type '${kind}' is not supported (supported: default, linear, llama3)`);
}

export interface RopeTables {
  /** [B, 1, T, D] cos and sin for the given positions, halves repeated as transformers does. */
  cos: Value;
  sin: Value;
  /** [D, D] constant R with x @ R = rotate_half(x) = cat(-x2, x1). */
  rotateHalf: Value;
}

export function ropeTables(g: Graph, config: ModelConfig, positionIds: Value): RopeTables {
  const dim = config.headDim;
  const half = dim / 2;
  const inv = inverseFrequencies(config);
  const positions = config.maxPositions;
  const cos = new Float32Array(positions * dim);
  const sin = new Float32Array(positions * dim);
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < dim; i++) {
      // transformers computes the angle in float32; Math.fround keeps the tables bit-compatible with it
      const angle = Math.fround(p * inv[i % half]!);
      cos[p * dim + i] = Math.cos(angle);
      sin[p * dim + i] = Math.sin(angle);
    }
  }
  const rot = new Float32Array(dim * dim);
  for (let i = 0; i < half; i++) {
    rot[(i + half) * dim + i] = -1; // out[i] = -x[i + half]
    rot[i * dim + i + half] = 1; // out[i + half] = x[i]
  }
  const cosTable = g.constant('float32', [positions, dim], cos, `rope-cos:${config.ropeTheta}:${dim}`);
  const sinTable = g.constant('float32', [positions, dim], sin, `rope-sin:${config.ropeTheta}:${dim}`);
  return {
    cos: ops.unsqueeze(ops.gather(cosTable, positionIds), [1]),
    sin: ops.unsqueeze(ops.gather(sinTable, positionIds), [1]),
    rotateHalf: g.constant('float32', [dim, dim], rot, `rope-rot:${dim}`),
  };
}

/** x [B, H, T, D] -> x * cos + rotate_half(x) * sin. */
export function applyRope(x: Value, t: RopeTables): Value {
  return ops.add(ops.mul(x, t.cos), ops.mul(ops.matmul(x, t.rotateHalf), t.sin));
}
