import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostTensor } from '../graph/host-tensor.ts';
import {
  bf16BitsToFloat32, bf16ToFloat32Array, float16ToFloat32Array, float32ToBf16Array, float32ToBf16Bits,
  float32ToFloat16Array, float32ToHalfBits, fromFloat32, halfBitsToFloat32, toFloat32,
} from './half.ts';

const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

test('float16 encodes known values, overflow, specials and signed zero', () => {
  const cases: [number, number][] = [
    [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800], [65504, 0x7bff], [65519, 0x7bff], [65520, 0x7c00], [1e6, 0x7c00],
    [Infinity, 0x7c00], [-Infinity, 0xfc00], [0, 0x0000], [-0, 0x8000], [0.1, 0x2e66], [1 / 3, 0x3555],
    [2 ** -14, 0x0400], [1023 * 2 ** -24, 0x03ff], [2 ** -24, 0x0001], [-(2 ** -24), 0x8001],
  ];
  for (const [x, bits] of cases) assert.equal(hex(float32ToHalfBits(x)), hex(bits), `f16(${x})`);
  assert.equal(float32ToHalfBits(NaN), 0x7e00);
});

test('float16 rounds to nearest even, in normals and subnormals', () => {
  assert.equal(hex(float32ToHalfBits(1 + 2 ** -11)), '0x3c00'); // tie -> even (down)
  assert.equal(hex(float32ToHalfBits(1 + 3 * 2 ** -11)), '0x3c02'); // tie -> even (up)
  assert.equal(hex(float32ToHalfBits(1 + 2 ** -11 + 2 ** -20)), '0x3c01'); // just past the tie
  assert.equal(hex(float32ToHalfBits(2049)), '0x6800');
  assert.equal(hex(float32ToHalfBits(2051)), '0x6802');
  assert.equal(hex(float32ToHalfBits(2 ** -25)), '0x0000'); // half the smallest subnormal: tie -> 0
  assert.equal(hex(float32ToHalfBits(1.5 * 2 ** -25)), '0x0001');
  assert.equal(hex(float32ToHalfBits(3 * 2 ** -25)), '0x0002'); // 1.5 subnormal steps: tie -> 2
  assert.equal(hex(float32ToHalfBits(5 * 2 ** -25)), '0x0002'); // 2.5 steps: tie -> 2
  assert.equal(hex(float32ToHalfBits(2 ** -14 - 2 ** -25)), '0x0400'); // rounds up into the normals
});

test('float16 decodes known bit patterns', () => {
  assert.equal(halfBitsToFloat32(0x3c00), 1);
  assert.equal(halfBitsToFloat32(0x7bff), 65504);
  assert.equal(halfBitsToFloat32(0x0001), 2 ** -24);
  assert.equal(halfBitsToFloat32(0x03ff), 1023 * 2 ** -24);
  assert.equal(halfBitsToFloat32(0xc000), -2);
  assert.equal(halfBitsToFloat32(0x7c00), Infinity);
  assert.equal(halfBitsToFloat32(0xfc00), -Infinity);
  assert.ok(Number.isNaN(halfBitsToFloat32(0x7e01)));
  assert.ok(Object.is(halfBitsToFloat32(0x8000), -0));
});

test('every non-NaN float16 survives float32 and back, through both array paths', () => {
  const bits = Uint16Array.from({ length: 65536 }, (_, i) => i).filter((h) => (h & 0x7c00) !== 0x7c00 || (h & 0x3ff) === 0);
  const f = float16ToFloat32Array(bits);
  assert.deepEqual(float32ToFloat16Array(f), bits);
  assert.deepEqual(float32ToFloat16Array(Array.from(f)), bits); // non-Float32Array input
});

test('bfloat16 encodes and decodes with round-to-nearest-even', () => {
  const cases: [number, number][] = [
    [1, 0x3f80], [-1, 0xbf80], [Math.PI, 0x4049], [0, 0], [-0, 0x8000], [Infinity, 0x7f80], [-Infinity, 0xff80],
    [1 + 2 ** -8, 0x3f80], [1 + 3 * 2 ** -8, 0x3f82], [1 + 2 ** -8 + 2 ** -20, 0x3f81], [3.4028234e38, 0x7f80],
  ];
  for (const [x, bits] of cases) assert.equal(hex(float32ToBf16Bits(x)), hex(bits), `bf16(${x})`);
  assert.equal(hex(float32ToBf16Bits(NaN)), '0x7fc0');
  assert.equal(bf16BitsToFloat32(0x3f80), 1);
  assert.equal(bf16BitsToFloat32(0x4049), 3.140625);
  assert.equal(bf16BitsToFloat32(0x7f7f), 3.3895313892515355e38);
  const all = Uint16Array.from({ length: 65536 }, (_, i) => i).filter((h) => (h & 0x7f80) !== 0x7f80 || (h & 0x7f) === 0);
  assert.deepEqual(float32ToBf16Array(bf16ToFloat32Array(all)), all);
});

test('toFloat32 converts every float dtype and passes float32 through', () => {
  const values = Float32Array.from([1, -2.5, 0.5, 65504]);
  const f32 = hostTensor('float32', [4], values);
  assert.equal(toFloat32(f32), values);
  assert.deepEqual(toFloat32(hostTensor('float16', [4], fromFloat32('float16', values))), values);
  assert.deepEqual(toFloat32(hostTensor('bfloat16', [4], fromFloat32('bfloat16', Float32Array.from([1, -2.5, 0.5, 65536])))), Float32Array.from([1, -2.5, 0.5, 65536]));
  assert.deepEqual(toFloat32(hostTensor('float64', [4], Float64Array.from(values))), values);
  assert.deepEqual(toFloat32(hostTensor('int64', [2], BigInt64Array.from([3n, -4n]))), Float32Array.from([3, -4]));
});
