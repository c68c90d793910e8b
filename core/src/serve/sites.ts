import type { ModelConfig } from '../weights/index.ts';

/** A linear layer the serving graph can adapt: HF module path, sizes, and where its weight lives. */
export interface ServeSite {
  readonly path: string;
  /** Last path component ('c_attn', 'q_proj'): what PEFT's target_modules match. */
  readonly module: string;
  readonly layer: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly hasBias: boolean;
  /** GPT-2's Conv1D stores [in, out]; nn.Linear stores [out, in]. */
  readonly conv1d: boolean;
}

function site(path: string, layer: number, inFeatures: number, outFeatures: number, hasBias: boolean, conv1d: boolean): ServeSite {
  return { path, module: path.slice(path.lastIndexOf('.') + 1), layer, inFeatures, outFeatures, hasBias, conv1d };
}

/** Every linear of one block, in the order the builders call them. */
export function blockSites(config: ModelConfig, layer: number): ServeSite[] {
  const C = config.hidden;
  const I = config.intermediate;
  if (config.arch === 'gpt2') {
    const p = `transformer.h.${layer}`;
    return [
      site(`${p}.attn.c_attn`, layer, C, 3 * C, true, true),
      site(`${p}.attn.c_proj`, layer, C, C, true, true),
      site(`${p}.mlp.c_fc`, layer, C, I, true, true),
      site(`${p}.mlp.c_proj`, layer, I, C, true, true),
    ];
  }
  const p = `model.layers.${layer}`;
  const q = config.heads * config.headDim;
  const kv = config.kvHeads * config.headDim;
  return [
    site(`${p}.self_attn.q_proj`, layer, C, q, config.qkvBias, false),
    site(`${p}.self_attn.k_proj`, layer, C, kv, config.qkvBias, false),
    site(`${p}.self_attn.v_proj`, layer, C, kv, config.qkvBias, false),
    site(`${p}.self_attn.o_proj`, layer, q, C, config.oBias, false),
    site(`${p}.mlp.gate_proj`, layer, C, I, config.mlpBias, false),
    site(`${p}.mlp.up_proj`, layer, C, I, config.mlpBias, false),
    site(`${p}.mlp.down_proj`, layer, I, C, config.mlpBias, false),
  ];
}

/** All adaptable linears of the model, block by block. */
export function serveSites(config: ModelConfig): ServeSite[] {
  return Array.from({ length: config.layers }, (_, i) => blockSites(config, i)).flat();
}
