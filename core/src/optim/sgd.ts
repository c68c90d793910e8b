import { ops, type Value } from '../graph/index.ts';

export interface SGDOptions {
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
}

export const SGD_DEFAULTS: SGDOptions = { momentum: 0.9, weightDecay: 0, nesterov: false };

/**
 * torch.optim.SGD with momentum (dampening 0): g += wd p;  buf = mu buf + g;  p -= lr (nesterov ? g + mu buf : buf).
 * torch initializes buf to g on the first step; with buf starting at zero, mu*0 + g gives the same.
 */
export function sgd(p: Value, grad: Value, buf: Value, lr: Value, o: SGDOptions) {
  const g = o.weightDecay ? ops.add(grad, ops.mul(p, o.weightDecay)) : grad;
  const buf2 = ops.add(ops.mul(buf, o.momentum), g);
  const direction = o.nesterov ? ops.add(g, ops.mul(buf2, o.momentum)) : buf2;
  return { p: ops.sub(p, ops.mul(direction, lr)), state: [buf2] };
}
