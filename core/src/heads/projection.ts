import { ops, type Value } from '../graph/index.ts';
import { inits, type ParameterStore } from '../plugin/index.ts';
import { headMemoryName, type HeadLayout } from './names.ts';

/**
 * The head's nn.Linear: weight [N, C] (torch layout, so the tensor saves as PEFT writes it) initialized
 * N(0, initializer_range) as transformers' _init_weights does, bias zeros. y = x @ W^T (+ b).
 */
export function headProjection(params: ParameterStore, x: Value, layout: HeadLayout, width: number, std: number): Value {
  const c = Number(x.shape[x.shape.length - 1]);
  const w = params.param(headMemoryName(layout.module, 'weight'), [width, c], inits.normal(std)); // W: [N, C]
  const y = ops.matmul(x, ops.transpose(w, [1, 0])); // y: [..., N]
  return layout.bias ? ops.add(y, params.param(headMemoryName(layout.module, 'bias'), [width], inits.zeros)) : y;
}
