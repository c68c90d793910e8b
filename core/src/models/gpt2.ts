import { ops, type Value } from '../graph/index.ts';
import { activation } from './activation.ts';
import { attention } from './attention.ts';
import type { BuildContext, CausalLMInputs, CausalLMOutput } from './context.ts';
import { embedTokens } from './embed.ts';
import { linear } from './linear.ts';
import { attentionBias } from './mask.ts';

/** GPT-2 (transformers' GPT2LMHeadModel): learned positions, pre-LayerNorm blocks, Conv1D weights [in, out]. */
export function gpt2(ctx: BuildContext, inputs: CausalLMInputs): CausalLMOutput {
  const { g, config, weights: w, hooks } = ctx;
  const ln = (name: string, v: Value) => ops.layerNorm(v, w.get(`${name}.weight`), w.get(`${name}.bias`), config.normEps).y;
  const lin = (path: string, layer: number, v: Value) => linear(ctx, path, layer, v, w.get(`${path}.weight`), w.get(`${path}.bias`));
  const subBlock = (layer: number, sub: 'attn' | 'mlp', v: Value) => hooks.blockOutput.reduce((h, hook) => hook(layer, sub, h), v);

  const e = embedTokens(ctx, inputs, w.get('transformer.wte.weight'));
  let x = ops.add(e.h, ops.gather(w.get('transformer.wpe.weight'), e.positionIds)); // x: [B, T, C]
  const seq = Number(x.shape[1]);
  const bias = attentionBias(g, seq, hooks.prefixTokens, e.mask); // bias: [B|1, 1, T, P+T]
  const boundaries = [x];
  const c = config.hidden;
  for (let i = 0; i < config.layers; i++) {
    const p = `transformer.h.${i}`;
    x = g.scope(p, () => {
      const qkv = lin(`${p}.attn.c_attn`, i, ln(`${p}.ln_1`, x)); // qkv: [B, T, 3C]
      const [q, k, v] = ops.split(qkv, [c, c, c], 2) as [Value, Value, Value];
      const attnOut = lin(`${p}.attn.c_proj`, i, attention(ctx, { layer: i, q, k, v, bias }));
      const mid = ops.add(x, subBlock(i, 'attn', attnOut));
      const mlpOut = lin(`${p}.mlp.c_proj`, i, activation(lin(`${p}.mlp.c_fc`, i, ln(`${p}.ln_2`, mid)), config.activation));
      return ops.add(mid, subBlock(i, 'mlp', mlpOut));
    });
    boundaries.push(x);
  }
  return { hidden: ln('transformer.ln_f', x), virtualTokens: e.virtualTokens, boundaries };
}
