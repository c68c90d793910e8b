import { inits, isNormTensor, ops, type ApplyContext, type ModelConfig, type Value } from '@edgetune/core';
import { bottleneckSize, type AdapterConfig } from './config.ts';

/** Tensor names of one adapter, beside the block's HF names: '<block>.adapter.<attn|mlp>.{down,up}.{weight,bias}'. */
export function adapterNames(model: ModelConfig, layer: number, sub: 'attn' | 'mlp') {
  const p = `${model.arch === 'gpt2' ? 'transformer.h' : 'model.layers'}.${layer}.adapter.${sub}`;
  return { downW: `${p}.down.weight`, downB: `${p}.down.bias`, upW: `${p}.up.weight`, upB: `${p}.up.bias` };
}

function activation(kind: AdapterConfig['non_linearity'], x: Value): Value {
  if (kind === 'relu') return ops.relu(x);
  if (kind === 'tanh') return ops.tanh(x);
  if (kind === 'silu') return ops.mul(x, ops.sigmoid(x));
  return ops.gelu(x, kind === 'gelu_new' ? 'tanh' : 'none');
}

/** Adds h + scaling * up(act(down(h))) to each chosen sub-block output, before the residual add. */
export function applyAdapter({ hooks, params, model }: ApplyContext, cfg: AdapterConfig): void {
  const c = model.hidden;
  const b = bottleneckSize(cfg, c);
  const subs = cfg.variant === 'houlsby' ? ['attn', 'mlp'] : ['mlp'];
  hooks.blockOutput.push((layer, sub, h) => {
    if (!subs.includes(sub) || (cfg.layers_to_transform && !cfg.layers_to_transform.includes(layer))) return h;
    const n = adapterNames(model, layer, sub);
    // nn.Linear layout [out, in], so the tensors read like a torch module's state dict.
    const downW = params.param(n.downW, [b, c], inits.normal(cfg.init_std)); // [b, C]
    const downB = params.param(n.downB, [b], inits.zeros); // [b]
    const upW = params.param(n.upW, [c, b], inits.zeros); // [C, b]: zero, so the adapter starts as the identity
    const upB = params.param(n.upB, [c], inits.zeros); // [C]
    const down = ops.add(ops.matmul(h, ops.transpose(downW, [1, 0])), downB); // [B, T, b]
    const up = ops.add(ops.matmul(activation(cfg.non_linearity, down), ops.transpose(upW, [1, 0])), upB); // [B, T, C]
    return ops.add(h, cfg.scaling === 1 ? up : ops.mul(up, cfg.scaling));
  });
  if (cfg.train_layer_norms) hooks.trainableBase.push(isNormTensor);
}
