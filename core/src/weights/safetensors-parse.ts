// Decoding tensors from bytes already in memory (uploads, blobs, Workers): no node:fs here.
import { allocate, BYTES_PER_ELEMENT, type TypedArray } from '../graph/dtype.ts';
import { hostTensor, type HostTensor } from '../graph/host-tensor.ts';
import { headerLength, parseHeader } from './safetensors-header.ts';
import type { SafetensorsData, SafetensorsHeader, TensorEntry } from './safetensors-format.ts';

// Typed arrays use host byte order and safetensors is little-endian; every supported host is LE.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function assertLittleEndian(): void {
  if (!LITTLE_ENDIAN) throw new Error('safetensors: big-endian hosts are not supported');
}

/**
 * A typed array over `bytes[offset, offset+len)`: a view when the offset is aligned for the
 * element type, else a copy (typed arrays cannot be built on misaligned offsets).
 */
export function tensorFromBytes(entry: TensorEntry, bytes: Uint8Array, offset: number): HostTensor {
  assertLittleEndian();
  const n = entry.shape.reduce((a, b) => a * b, 1);
  const size = BYTES_PER_ELEMENT[entry.dtype];
  const abs = bytes.byteOffset + offset;
  if (abs % size === 0) {
    const Ctor = allocate(entry.dtype, 0).constructor as new (buf: ArrayBufferLike, off: number, len: number) => TypedArray;
    return hostTensor(entry.dtype, entry.shape, new Ctor(bytes.buffer, abs, n));
  }
  const out = allocate(entry.dtype, n);
  new Uint8Array(out.buffer, out.byteOffset, n * size).set(bytes.subarray(offset, offset + n * size));
  return hostTensor(entry.dtype, entry.shape, out);
}

/** Reads just the header of an in-memory file. */
export function parseSafetensorsHeader(bytes: Uint8Array, source = '<buffer>'): SafetensorsHeader {
  const n = headerLength(bytes, bytes.length, source);
  return parseHeader(bytes.subarray(8, 8 + n), bytes.length, source);
}

/**
 * Decodes a whole safetensors file held in memory. Tensors share `bytes`' buffer where alignment
 * allows, so keep `bytes` unmodified while they are in use.
 */
export function parseSafetensors(bytes: Uint8Array, source = '<buffer>'): SafetensorsData {
  const header = parseSafetensorsHeader(bytes, source);
  const tensors = new Map<string, HostTensor>();
  for (const e of header.entries) tensors.set(e.name, tensorFromBytes(e, bytes, header.dataStart + e.begin));
  return { tensors, metadata: header.metadata };
}
