// Every tensor a Hugging Face checkpoint holds for a config: names, shapes and how tiny-random
// initializes them. Matches transformers 5 state dicts (see shared/fixtures/hf/tiny-*).
import type { ModelConfig } from './model-config.ts';

export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: 'normal' | 'ones' | 'zeros';
}

function gpt2Layout(c: ModelConfig): WeightSpec[] {
  const C = c.hidden;
  const I = c.intermediate;
  const out: WeightSpec[] = [
    { name: 'transformer.wte.weight', shape: [c.vocabSize, C], init: 'normal' },
    { name: 'transformer.wpe.weight', shape: [c.maxPositions, C], init: 'normal' },
  ];
  const norm = (name: string) => [
    { name: `${name}.weight`, shape: [C], init: 'ones' },
    { name: `${name}.bias`, shape: [C], init: 'zeros' },
  ] as const;
  // Conv1D stores weights [in, out]
  const conv = (name: string, inF: number, outF: number) => [
    { name: `${name}.weight`, shape: [inF, outF], init: 'normal' },
    { name: `${name}.bias`, shape: [outF], init: 'zeros' },
  ] as const;
  for (let i = 0; i < c.layers; i++) {
    const p = `transformer.h.${i}`;
    out.push(...norm(`${p}.ln_1`), ...conv(`${p}.attn.c_attn`, C, 3 * C), ...conv(`${p}.attn.c_proj`, C, C));
    out.push(...norm(`${p}.ln_2`), ...conv(`${p}.mlp.c_fc`, C, I), ...conv(`${p}.mlp.c_proj`, I, C));
  }
  out.push(...norm('transformer.ln_f'));
  if (!c.tieEmbeddings) out.push({ name: 'lm_head.weight', shape: [c.vocabSize, C], init: 'normal' });
  return out;
}

function llamaLayout(c: ModelConfig): WeightSpec[] {
  const H = c.hidden;
  const I = c.intermediate;
  const q = c.heads * c.headDim;
  const kv = c.kvHeads * c.headDim;
  const out: WeightSpec[] = [{ name: 'model.embed_tokens.weight', shape: [c.vocabSize, H], init: 'normal' }];
  // nn.Linear stores weights [out, in]
  const linear = (name: string, inF: number, outF: number, bias: boolean): WeightSpec[] => [
    { name: `${name}.weight`, shape: [outF, inF], init: 'normal' },
    ...(bias ? [{ name: `${name}.bias`, shape: [outF], init: 'zeros' } as const] : []),
  ];
  for (let i = 0; i < c.layers; i++) {
    const p = `model.layers.${i}`;
    out.push(...linear(`${p}.self_attn.q_proj`, H, q, c.qkvBias), ...linear(`${p}.self_attn.k_proj`, H, kv, c.qkvBias));
    out.push(...linear(`${p}.self_attn.v_proj`, H, kv, c.qkvBias), ...linear(`${p}.self_attn.o_proj`, q, H, c.oBias));
    out.push(...linear(`${p}.mlp.gate_proj`, H, I, c.mlpBias), ...linear(`${p}.mlp.up_proj`, H, I, c.mlpBias));
    out.push(...linear(`${p}.mlp.down_proj`, I, H, c.mlpBias));
    out.push({ name: `${p}.input_layernorm.weight`, shape: [H], init: 'ones' });
    out.push({ name: `${p}.post_attention_layernorm.weight`, shape: [H], init: 'ones' });
  }
  out.push({ name: 'model.norm.weight', shape: [H], init: 'ones' });
  if (!c.tieEmbeddings) out.push({ name: 'lm_head.weight', shape: [c.vocabSize, H], init: 'normal' });
  return out;
}

/** Tensors in module order (the order transformers' state_dict lists them). */
export function checkpointLayout(c: ModelConfig): WeightSpec[] {
  return c.arch === 'gpt2' ? gpt2Layout(c) : llamaLayout(c);
}
