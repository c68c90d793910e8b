// 16-bit float codecs (IEEE half and bfloat16), round-to-nearest-even, on raw Uint16 bits.
// Node 20 has no Float16Array, so 16-bit tensors travel as Uint16Array bits everywhere.
import type { DType, TypedArray } from '../graph/dtype.ts';
import type { HostTensor } from '../graph/host-tensor.ts';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 bit pattern -> float16 bits. */
function f32BitsToF16(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const a = bits & 0x7fffffff;
  if (a >= 0x7f800000) return sign | (a > 0x7f800000 ? 0x7e00 : 0x7c00); // NaN stays quiet NaN
  if (a >= 0x477ff000) return sign | 0x7c00; // >= 65520 rounds past 65504
  if (a >= 0x38800000) {
    // normal: rebias exponent 127 -> 15, keep 10 mantissa bits; a carry into the exponent is correct
    const h = (a - 0x38000000) >>> 13;
    const rem = a & 0x1fff;
    return sign | (rem > 0x1000 || (rem === 0x1000 && (h & 1)) ? h + 1 : h);
  }
  if (a < 0x33000000) return sign; // below half the smallest subnormal (2^-25)
  // subnormal: value / 2^-24 = mantissa * 2^(e - 126)
  const e = a >>> 23;
  const m = (a & 0x7fffff) | 0x800000;
  const shift = 126 - e; // 14..24
  const h = m >>> shift;
  const rem = m & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return sign | (rem > half || (rem === half && (h & 1)) ? h + 1 : h);
}

export function float32ToHalfBits(x: number): number {
  f32[0] = x;
  return f32BitsToF16(u32[0]!);
}

export function halfBitsToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

export function float32ToBf16Bits(x: number): number {
  f32[0] = x;
  const a = u32[0]!;
  if ((a & 0x7fffffff) > 0x7f800000) return ((a >>> 16) | 0x40) & 0xffff; // quiet the NaN
  return ((a + 0x7fff + ((a >>> 16) & 1)) >>> 16) & 0xffff;
}

export function bf16BitsToFloat32(h: number): number {
  u32[0] = (h & 0xffff) << 16;
  return f32[0]!;
}

// Decoding is a table lookup: 65536 floats (256 KiB), built on first use.
let halfTable: Float32Array | null = null;
function halfLut(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = halfBitsToFloat32(h);
  }
  return halfTable;
}

export function float32ToFloat16Array(src: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(src.length);
  if (src instanceof Float32Array) {
    const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
    for (let i = 0; i < bits.length; i++) out[i] = f32BitsToF16(bits[i]!);
  } else for (let i = 0; i < src.length; i++) out[i] = float32ToHalfBits(src[i]!);
  return out;
}

export function float16ToFloat32Array(bits: Uint16Array): Float32Array {
  const lut = halfLut();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = lut[bits[i]!]!;
  return out;
}

export function float32ToBf16Array(src: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = float32ToBf16Bits(src[i]!);
  return out;
}

export function bf16ToFloat32Array(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) outBits[i] = bits[i]! << 16;
  return out;
}

/**
 * Float view of any numeric tensor. A float32 tensor returns its own array (no copy):
 * copy before mutating if the tensor must stay intact.
 */
export function toFloat32(t: HostTensor): Float32Array {
  switch (t.dtype) {
    case 'float32': return t.data as Float32Array;
    case 'float16': return float16ToFloat32Array(t.data as Uint16Array);
    case 'bfloat16': return bf16ToFloat32Array(t.data as Uint16Array);
    case 'int64': return Float32Array.from(t.data as BigInt64Array, Number);
    default: return Float32Array.from(t.data as ArrayLike<number>);
  }
}

export type FloatDType = 'float32' | 'float16' | 'bfloat16' | 'float64';

/** Casts float32 values to the storage of a float dtype (16-bit floats as bits). */
export function fromFloat32(dtype: FloatDType, values: Float32Array): TypedArray {
  switch (dtype) {
    case 'float32': return values;
    case 'float16': return float32ToFloat16Array(values);
    case 'bfloat16': return float32ToBf16Array(values);
    case 'float64': return Float64Array.from(values);
  }
}

export function isFloatDType(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16' || dtype === 'float64';
}
