import { ops, type Value } from '../graph/index.ts';
import { activation } from './activation.ts';
import { attention } from './attention.ts';
import type { BuildContext, CausalLMInputs, CausalLMOutput } from './context.ts';
import { embedTokens } from './embed.ts';
import { linear } from './linear.ts';
import { attentionBias } from './mask.ts';
import { rmsNorm } from './norms.ts';
import { ropeTables } from './rope.ts';

/** Llama family (Llama 2/3, Mistral, Qwen2): RMSNorm, RoPE, GQA, SwiGLU MLP, nn.Linear weights [out, in]. */
export function llama(ctx: BuildContext, inputs: CausalLMInputs): CausalLMOutput {
  const { g, config, weights: w, hooks } = ctx;
  const norm = (name: string, v: Value) => rmsNorm(v, w.get(`${name}.weight`), config.normEps);
  const optional = (name: string, on: boolean) => (on && w.has(name) ? w.get(name) : null);
  const lin = (path: string, layer: number, v: Value, hasBias: boolean) =>
    linear(ctx, path, layer, v, w.transposed(`${path}.weight`), optional(`${path}.bias`, hasBias));
  const subBlock = (layer: number, sub: 'attn' | 'mlp', v: Value) => hooks.blockOutput.reduce((h, hook) => hook(layer, sub, h), v);

  const e = embedTokens(ctx, inputs, w.get('model.embed_tokens.weight'));
  let x = e.h; // x: [B, T, C]
  const seq = Number(x.shape[1]);
  const bias = attentionBias(g, seq, hooks.prefixTokens, e.mask);
  const rope = ropeTables(g, config, e.positionIds);
  const boundaries = [x];
  for (let i = 0; i < config.layers; i++) {
    const p = `model.layers.${i}`;
    x = g.scope(p, () => {
      const hIn = norm(`${p}.input_layernorm`, x);
      const q = lin(`${p}.self_attn.q_proj`, i, hIn, config.qkvBias);
      const k = lin(`${p}.self_attn.k_proj`, i, hIn, config.qkvBias);
      const v = lin(`${p}.self_attn.v_proj`, i, hIn, config.qkvBias);
      const attnOut = lin(`${p}.self_attn.o_proj`, i, attention(ctx, { layer: i, q, k, v, bias, rope }), config.oBias);
      const mid = ops.add(x, subBlock(i, 'attn', attnOut));
      const hMlp = norm(`${p}.post_attention_layernorm`, mid);
      const gate = lin(`${p}.mlp.gate_proj`, i, hMlp, config.mlpBias);
      const up = lin(`${p}.mlp.up_proj`, i, hMlp, config.mlpBias);
      const swiglu = ops.mul(activation(gate, config.activation), up); // act(gate) * up
      const mlpOut = lin(`${p}.mlp.down_proj`, i, swiglu, config.mlpBias);
      return ops.add(mid, subBlock(i, 'mlp', mlpOut));
    });
    boundaries.push(x);
  }
  return { hidden: norm('model.norm', x), virtualTokens: e.virtualTokens, boundaries };
}
