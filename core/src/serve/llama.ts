import { ops, type Value } from '../graph/index.ts';
import { activation } from '../models/activation.ts';
import { rmsNorm } from '../models/norms.ts';
import { ropeTables } from '../models/rope.ts';
import type { ServeContext } from './context.ts';
import { serveEmbed } from './embed.ts';
import { kvAttention } from './kv-attention.ts';
import { serveLinear } from './linear.ts';
import { blockSites } from './sites.ts';
import type { TrunkInputs, TrunkOutput } from './trunk.ts';

/** Llama family over new tokens with a KV cache: RMSNorm, RoPE at each row's positions, GQA, SwiGLU. */
export function serveLlama(ctx: ServeContext, inp: TrunkInputs): TrunkOutput {
  const { g, config, weights: w } = ctx;
  const norm = (name: string, v: Value) => rmsNorm(v, w.get(`${name}.weight`), config.normEps);
  let x = serveEmbed(ctx, w.get('model.embed_tokens.weight'), inp.inputIds); // x: [B, T, C]
  const rope = ropeTables(g, config, inp.positionIds);
  const present: TrunkOutput['present'] = [];
  for (let i = 0; i < config.layers; i++) {
    const [qP, kP, vP, oP, gateP, upP, downP] = blockSites(config, i);
    const p = `model.layers.${i}`;
    x = g.scope(p, () => {
      const h = norm(`${p}.input_layernorm`, x);
      const attn = kvAttention(ctx, i, serveLinear(ctx, qP, h), serveLinear(ctx, kP, h), serveLinear(ctx, vP, h), inp.bias, rope);
      present.push({ k: attn.k, v: attn.v });
      const mid = ops.add(x, serveLinear(ctx, oP, attn.y));
      const hm = norm(`${p}.post_attention_layernorm`, mid);
      const swiglu = ops.mul(activation(serveLinear(ctx, gateP, hm), config.activation), serveLinear(ctx, upP, hm));
      return ops.add(mid, serveLinear(ctx, downP, swiglu));
    });
  }
  return { hidden: norm('model.norm', x), present };
}
