import { ops, type Value } from '../graph/index.ts';
import type { ModelConfig } from '../weights/index.ts';

/** transformers' ACT2FN for the activations our configs accept; anything else is refused, never guessed. */
export function activation(x: Value, name: ModelConfig['activation']): Value {
  switch (name) {
    case 'gelu_new':
    case 'gelu_fast':
    case 'gelu_pytorch_tanh':
      return ops.gelu(x, 'tanh');
    case 'gelu':
      return ops.gelu(x, 'none');
    case 'quick_gelu':
      return ops.mul(x, ops.sigmoid(ops.mul(x, 1.702)));
    case 'silu':
      return ops.mul(x, ops.sigmoid(x));
    case 'relu':
      return ops.relu(x);
    default:
      throw new Error(`activation '${String(name)}' is not supported`);
  }
}
