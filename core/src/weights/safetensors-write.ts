// Writing safetensors byte-compatible with the Rust/Python writer: tensors ordered by dtype
// (wide first) then name, header JSON compact and space-padded to a multiple of 8.
import { allocate, BYTES_PER_ELEMENT, type DType, type TypedArray } from '../graph/dtype.ts';
import { writeAll, writeFileAtomic } from './atomic-write.ts';
import { DTYPE_TO_ST, ST_WRITE_RANK, tensorEntries, type TensorInput } from './safetensors-format.ts';

/** A tensor to write whose data may be produced on demand, so huge files stream. */
export interface TensorSource {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  data(): TypedArray;
}

export interface Layout {
  readonly header: Uint8Array; // 8-byte length prefix + padded JSON
  readonly order: readonly TensorSource[]; // file order
  readonly dataBytes: number;
}

export function byteSize(t: { dtype: DType; shape: readonly number[] }): number {
  return t.shape.reduce((a, b) => a * b, 1) * BYTES_PER_ELEMENT[t.dtype];
}

export function planLayout(sources: readonly TensorSource[], metadata?: Record<string, string>): Layout {
  const seen = new Set<string>();
  for (const s of sources) {
    if (s.name === '__metadata__') throw new Error(`safetensors: '__metadata__' is reserved and cannot name a tensor`);
    if (seen.has(s.name)) throw new Error(`safetensors: duplicate tensor name '${s.name}'`);
    seen.add(s.name);
  }
  const order = [...sources].sort((a, b) =>
    ST_WRITE_RANK[DTYPE_TO_ST[b.dtype]] - ST_WRITE_RANK[DTYPE_TO_ST[a.dtype]] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const json: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) json.__metadata__ = metadata;
  let offset = 0;
  for (const s of order) {
    const end = offset + byteSize(s);
    Object.defineProperty(json, s.name, {
      value: { dtype: DTYPE_TO_ST[s.dtype], shape: [...s.shape], data_offsets: [offset, end] },
      enumerable: true,
    });
    offset = end;
  }
  const text = new TextEncoder().encode(JSON.stringify(json));
  const padded = Math.ceil(text.length / 8) * 8;
  const header = new Uint8Array(8 + padded).fill(0x20, 8 + text.length);
  new DataView(header.buffer).setBigUint64(0, BigInt(padded), true);
  header.set(text, 8);
  return { header, order, dataBytes: offset };
}

/** The bytes of one source, checked against its declared dtype and shape. */
export function sourceBytes(s: TensorSource): Uint8Array {
  const data = s.data();
  const n = s.shape.reduce((a, b) => a * b, 1);
  if (data.constructor !== allocate(s.dtype, 0).constructor) {
    throw new Error(`safetensors: tensor '${s.name}' is ${s.dtype} but holds a ${data.constructor.name}`);
  }
  if (data.length !== n) throw new Error(`safetensors: tensor '${s.name}' has ${data.length} elements, shape [${s.shape}] needs ${n}`);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function sourcesOf(tensors: TensorInput): TensorSource[] {
  return tensorEntries(tensors).map(([name, t]) => ({ name, dtype: t.dtype, shape: t.shape, data: () => t.data }));
}

/** Streams sources to `path` atomically; each source's data() is called once, in file order. */
export function writeSafetensorsFrom(path: string, sources: readonly TensorSource[], metadata?: Record<string, string>): void {
  const layout = planLayout(sources, metadata);
  writeFileAtomic(path, (fd) => {
    writeAll(fd, layout.header);
    for (const s of layout.order) writeAll(fd, sourceBytes(s));
  });
}

export function writeSafetensors(path: string, tensors: TensorInput, metadata?: Record<string, string>): void {
  writeSafetensorsFrom(path, sourcesOf(tensors), metadata);
}

/** The whole file in memory (for blob uploads and tests). */
export function serializeSafetensors(tensors: TensorInput, metadata?: Record<string, string>): Uint8Array {
  const layout = planLayout(sourcesOf(tensors), metadata);
  const out = new Uint8Array(layout.header.length + layout.dataBytes);
  out.set(layout.header, 0);
  let at = layout.header.length;
  for (const s of layout.order) {
    const bytes = sourceBytes(s);
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}
