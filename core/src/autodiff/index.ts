export { gradients, type GradOptions } from './grad.ts';
export { defineVjp, differentiableOps, type VjpContext, type VjpRule } from './types.ts';
export { sumToShape } from './sum-to.ts';
