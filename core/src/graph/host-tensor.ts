import { allocate, type DType, type TypedArray } from './dtype.ts';
import { numel } from './shape.ts';

/** A tensor in JS memory: what goes into and comes out of a session. */
export interface HostTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: TypedArray;
}

export function hostTensor(dtype: DType, shape: readonly number[], data?: TypedArray): HostTensor {
  const n = numel(shape);
  const buf = data ?? allocate(dtype, n);
  if (buf.length !== n) throw new Error(`hostTensor: ${buf.length} elements do not fill shape [${shape}] (${n})`);
  return { dtype, shape: [...shape], data: buf };
}

export function toFloat64(t: HostTensor): Float64Array {
  if (t.data instanceof BigInt64Array) return Float64Array.from(t.data, Number);
  if (t.data instanceof Uint16Array) throw new Error('toFloat64: decode 16-bit floats with weights/half.ts first');
  return Float64Array.from(t.data as ArrayLike<number>);
}

export function scalarValue(t: HostTensor): number {
  if (t.data.length !== 1) throw new Error(`expected a scalar, got shape [${t.shape}]`);
  return Number(t.data[0]);
}
