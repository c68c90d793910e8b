import { ops, type Value } from '../graph/index.ts';
import { activation } from '../models/activation.ts';
import type { ServeContext } from './context.ts';
import { serveEmbed } from './embed.ts';
import { kvAttention } from './kv-attention.ts';
import { serveLinear } from './linear.ts';
import { blockSites } from './sites.ts';
import type { TrunkInputs, TrunkOutput } from './trunk.ts';

/** GPT-2 decoder over new tokens with a KV cache: learned positions, pre-LayerNorm, Conv1D weights. */
export function serveGpt2(ctx: ServeContext, inp: TrunkInputs): TrunkOutput {
  const { g, config, weights: w } = ctx;
  const ln = (name: string, v: Value) => ops.layerNorm(v, w.get(`${name}.weight`), w.get(`${name}.bias`), config.normEps).y;
  const C = config.hidden;
  let x = ops.add(serveEmbed(ctx, w.get('transformer.wte.weight'), inp.inputIds), ops.gather(w.get('transformer.wpe.weight'), inp.positionIds)); // x: [B, T, C]
  const present: TrunkOutput['present'] = [];
  for (let i = 0; i < config.layers; i++) {
    const [cAttn, cProj, cFc, mProj] = blockSites(config, i);
    x = g.scope(`transformer.h.${i}`, () => {
      const [q, k, v] = ops.split(serveLinear(ctx, cAttn, ln(`transformer.h.${i}.ln_1`, x)), [C, C, C], 2) as [Value, Value, Value];
      const attn = kvAttention(ctx, i, q, k, v, inp.bias);
      present.push({ k: attn.k, v: attn.v });
      const mid = ops.add(x, serveLinear(ctx, cProj, attn.y));
      const hidden = activation(serveLinear(ctx, cFc, ln(`transformer.h.${i}.ln_2`, mid)), config.activation);
      return ops.add(mid, serveLinear(ctx, mProj, hidden));
    });
  }
  return { hidden: ln('transformer.ln_f', x), present };
}
