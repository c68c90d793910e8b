// The safetensors file format: dtype names, limits and the parsed-header types.
// File = u64 LE header length N, N bytes of JSON header, then the data section.
import type { DType } from '../graph/dtype.ts';
import type { HostTensor } from '../graph/host-tensor.ts';

export type StDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'I32' | 'I8' | 'U8' | 'BOOL';

export const ST_TO_DTYPE: Record<StDtype, DType> = {
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
  F64: 'float64',
  I64: 'int64',
  I32: 'int32',
  I8: 'int8',
  U8: 'uint8',
  BOOL: 'bool',
};

export const DTYPE_TO_ST: Record<DType, StDtype> = {
  float32: 'F32',
  float16: 'F16',
  bfloat16: 'BF16',
  float64: 'F64',
  int64: 'I64',
  int32: 'I32',
  int8: 'I8',
  uint8: 'U8',
  bool: 'BOOL',
};

/**
 * The Rust writer sorts tensors by dtype (its enum order, descending), then by name, so wider
 * types come first and every tensor stays aligned. Higher rank = earlier in the file.
 */
export const ST_WRITE_RANK: Record<StDtype, number> = {
  I64: 9, F64: 8, F32: 7, I32: 6, BF16: 5, F16: 4, I8: 3, U8: 2, BOOL: 1,
};

/** Same cap as the Rust reader: a header past 100 MB is treated as hostile. */
export const MAX_HEADER_BYTES = 100_000_000;

export function isStDtype(s: unknown): s is StDtype {
  return typeof s === 'string' && Object.hasOwn(ST_TO_DTYPE, s);
}

/** One tensor as described by the header; offsets are relative to the data section. */
export interface TensorEntry {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  readonly entries: readonly TensorEntry[]; // in header order
  readonly metadata: Record<string, string>;
  readonly dataStart: number; // absolute byte offset of the data section
}

/** A whole file in memory. Map keeps names like `__proto__` safe and preserves order. */
export interface SafetensorsData {
  readonly tensors: Map<string, HostTensor>;
  readonly metadata: Record<string, string>;
}

/** What writers accept. */
export type TensorInput = ReadonlyMap<string, HostTensor> | Readonly<Record<string, HostTensor>>;

export function tensorEntries(tensors: TensorInput): [string, HostTensor][] {
  return tensors instanceof Map ? [...tensors] : Object.entries(tensors as Record<string, HostTensor>);
}
