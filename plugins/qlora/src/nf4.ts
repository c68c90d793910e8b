/**
 * NF4 (QLoRA, Dettmers et al. 2023): 16 code values, quantiles of N(0, 1) scaled to [-1, 1] with an exact
 * zero, as bitsandbytes' get_4bit_type('nf4'). Stored as float32, as the graph uses them.
 */
export const NF4 = Float32Array.of(
  -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635, -0.18477343022823334,
  -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725, 0.24611230194568634, 0.33791524171829224,
  0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0,
);

/** Rounding to the nearest code errs by at most half the widest gap between neighbours (times absmax). */
export const NF4_MAX_HALF_GAP = Math.max(...NF4.slice(1).map((v, i) => (v - NF4[i]!) / 2));

/** Decision thresholds: midpoints between neighbouring codes. */
const MID = NF4.slice(1).map((v, i) => (v + NF4[i]!) / 2);

/** Double quantization's block of absmax values (QLoRA: 8-bit, 256). */
export const DQ_BLOCK = 256;

/** A weight in NF4: codes in blocks with one absmax each; the absmax optionally int8 itself. */
export interface Nf4Weight {
  /** Number of real weights (the last block is padded with zeros). */
  readonly length: number;
  readonly blockSize: number;
  /** Two codes per byte, first weight in the high nibble: [blocks * blockSize / 2]. */
  readonly codes: Uint8Array;
  /** Per-block absmax [blocks], unless double-quantized. */
  readonly absmax?: Float32Array;
  /** Double quantization: absmax ≈ q * scale[block of 256] + offset; q: [ceil(blocks/256) * 256]. */
  readonly dq?: { q: Int8Array; scale: Float32Array; offset: number };
}

export const blocksOf = (w: Nf4Weight) => Math.ceil(w.length / w.blockSize);

function nearestCode(v: number): number {
  let lo = 0;
  let hi = 15; // first code whose threshold exceeds v
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v > MID[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** bitsandbytes-style blockwise NF4: absmax per block, codes by nearest value of w / absmax. */
export function quantizeNf4(w: Float32Array, blockSize = 64, doubleQuant = false): Nf4Weight {
  const blocks = Math.ceil(w.length / blockSize);
  const codes = new Uint8Array((blocks * blockSize) / 2);
  const absmax = new Float32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const end = Math.min((b + 1) * blockSize, w.length);
    let m = 0;
    for (let i = b * blockSize; i < end; i++) m = Math.max(m, Math.abs(w[i]!));
    absmax[b] = m;
    for (let i = b * blockSize; i < (b + 1) * blockSize; i++) {
      const c = i < end && m > 0 ? nearestCode(w[i]! / m) : 7; // padding and all-zero blocks: code 0.0
      codes[i >> 1]! |= i % 2 === 0 ? c << 4 : c;
    }
  }
  const base = { length: w.length, blockSize, codes };
  return doubleQuant ? { ...base, dq: quantizeAbsmax(absmax) } : { ...base, absmax };
}

/** bitsandbytes' double quantization: subtract the mean, then symmetric int8 per block of 256. */
function quantizeAbsmax(absmax: Float32Array): { q: Int8Array; scale: Float32Array; offset: number } {
  const offset = Math.fround(absmax.reduce((s, v) => s + v, 0) / absmax.length);
  const groups = Math.ceil(absmax.length / DQ_BLOCK);
  const q = new Int8Array(groups * DQ_BLOCK);
  const scale = new Float32Array(groups);
  for (let g = 0; g < groups; g++) {
    const end = Math.min((g + 1) * DQ_BLOCK, absmax.length);
    let m = 0;
    for (let i = g * DQ_BLOCK; i < end; i++) m = Math.max(m, Math.abs(absmax[i]! - offset));
    scale[g] = m / 127;
    for (let i = g * DQ_BLOCK; i < end; i++) q[i] = scale[g]! > 0 ? Math.max(-127, Math.min(127, Math.round((absmax[i]! - offset) / scale[g]!))) : 0;
  }
  return { q, scale, offset };
}

/** The absmax each block dequantizes with, rounded as the graph computes it in float32. */
export function blockScales(w: Nf4Weight): Float32Array {
  if (w.absmax) return w.absmax;
  const { q, scale, offset } = w.dq!;
  return Float32Array.from({ length: blocksOf(w) }, (_, b) => Math.fround(Math.fround(q[b]! * scale[Math.floor(b / DQ_BLOCK)]!) + offset));
}

/** The float32 weights the graph computes from the codes (bit-identical to the in-graph dequantization). */
export function dequantizeNf4(w: Nf4Weight): Float32Array {
  const scales = blockScales(w);
  const out = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const byte = w.codes[i >> 1]!;
    out[i] = Math.fround(NF4[i % 2 === 0 ? byte >> 4 : byte & 15]! * scales[Math.floor(i / w.blockSize)]!);
  }
  return out;
}

/** Bytes the quantized weight keeps: codes plus scales (and the double-quantization constants). */
export function nf4Bytes(w: Nf4Weight): number {
  const scales = w.absmax ? w.absmax.byteLength : w.dq!.q.byteLength + w.dq!.scale.byteLength + 4;
  return w.codes.byteLength + scales;
}
