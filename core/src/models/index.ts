export * from './hooks.ts';
export * from './context.ts';
export { FrozenWeights } from './frozen-weights.ts';
export { causalLM, lmHead, lmHeadWeight, causalLMLoss } from './causal-lm.ts';
export { linear } from './linear.ts';
export { rmsNorm } from './norms.ts';
export { attentionBias, MASKED } from './mask.ts';
