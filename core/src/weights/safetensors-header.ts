// Bounds-checked header parsing. Every check names the file and tensor, because a bad shard
// in a 30-file checkpoint is otherwise hard to find.
import { BYTES_PER_ELEMENT } from '../graph/dtype.ts';
import {
  MAX_HEADER_BYTES, ST_TO_DTYPE, isStDtype,
  type SafetensorsHeader, type TensorEntry,
} from './safetensors-format.ts';

/** Reads the u64 LE header length from the first 8 bytes and checks it against the file size. */
export function headerLength(prefix: Uint8Array, fileSize: number, source: string): number {
  if (fileSize < 8 || prefix.length < 8) throw new Error(`safetensors ${source}: file is ${fileSize} bytes, shorter than the 8-byte header length`);
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) throw new Error(`safetensors ${source}: header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  if (n > BigInt(fileSize - 8)) throw new Error(`safetensors ${source}: header length ${n} runs past the end of the file (${fileSize} bytes)`);
  return Number(n);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parseEntry(name: string, raw: unknown, dataLen: number, source: string): TensorEntry {
  const where = `safetensors ${source}: tensor '${name}'`;
  if (!isObject(raw)) throw new Error(`${where}: entry is not an object`);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (!isStDtype(dtype)) throw new Error(`${where}: unsupported dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(ST_TO_DTYPE).join(', ')})`);
  if (!Array.isArray(shape) || !shape.every(isCount)) throw new Error(`${where}: shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw new Error(`${where}: data_offsets ${JSON.stringify(offsets)} is not a [begin, end] pair of non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw new Error(`${where}: data_offsets [${begin}, ${end}] has begin > end`);
  if (end > dataLen) throw new Error(`${where}: data_offsets [${begin}, ${end}] lie outside the data section (${dataLen} bytes)`);
  const dt = ST_TO_DTYPE[dtype];
  const numel = (shape as number[]).reduce((a, b) => a * b, 1);
  const bytes = numel * BYTES_PER_ELEMENT[dt];
  if (!Number.isSafeInteger(bytes) || bytes !== end - begin) {
    throw new Error(`${where}: ${dtype} shape [${shape}] needs ${bytes} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { name, dtype: dt, shape: [...(shape as number[])], begin, end };
}

function parseMetadata(raw: unknown, source: string): Record<string, string> {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw new Error(`safetensors ${source}: __metadata__ is not an object`);
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw new Error(`safetensors ${source}: __metadata__.${k} is not a string`);
  }
  return Object.fromEntries(Object.entries(raw)) as Record<string, string>;
}

/**
 * Parses and validates the JSON header. `headerBytes` is the N header bytes and `fileSize`
 * the whole file size; offsets are checked to lie in the data section without overlapping.
 */
export function parseHeader(headerBytes: Uint8Array, fileSize: number, source: string): SafetensorsHeader {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (e) {
    throw new Error(`safetensors ${source}: header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (!isObject(json)) throw new Error(`safetensors ${source}: header is not a JSON object`);
  const dataStart = 8 + headerBytes.length;
  const dataLen = fileSize - dataStart;
  const entries: TensorEntry[] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (name !== '__metadata__') entries.push(parseEntry(name, raw, dataLen, source));
  }
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1]!;
    const cur = byOffset[i]!;
    if (cur.begin < prev.end) {
      throw new Error(`safetensors ${source}: tensor '${cur.name}' [${cur.begin}, ${cur.end}] overlaps tensor '${prev.name}' [${prev.begin}, ${prev.end}]`);
    }
  }
  return { entries, metadata: parseMetadata(json.__metadata__, source), dataStart };
}
