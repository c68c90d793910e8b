// Streaming JSONL: splits bytes on '\n' without ever holding more than one record, and skips
// (without buffering) lines over the record limit.
import { DataError } from './errors.ts';

export interface RawRecord {
  line: number;
  /** UTF-8 bytes of the record, for limits and progress. */
  bytes: number;
  value?: unknown;
  error?: DataError;
}

export interface JsonlOptions {
  maxRecordBytes?: number;
}

export async function* jsonlRecords(chunks: AsyncIterable<Uint8Array>, opts: JsonlOptions = {}): AsyncGenerator<RawRecord> {
  const max = opts.maxRecordBytes ?? Infinity;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Uint8Array[] = []; // pieces of a line that spans chunks
  let pendingLen = 0;
  let oversize = false; // current line already exceeded the limit; its bytes are being skipped
  let line = 0;

  const finish = (bytes: Uint8Array | undefined, len: number): RawRecord | undefined => {
    line++;
    if (oversize || len > max) {
      oversize = false;
      return { line, bytes: len, error: tooLarge(line, max) };
    }
    if (bytes === undefined) return undefined;
    return parseLine(bytes, line, decoder);
  };

  for await (const chunk of chunks) {
    let pos = 0;
    while (pos <= chunk.length) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) {
        const rest = chunk.length - pos;
        if (rest > 0) {
          if (!oversize && pendingLen + rest > max) {
            oversize = true;
            pending = [];
          }
          if (!oversize) pending.push(chunk.subarray(pos));
          pendingLen += rest;
        }
        break;
      }
      let bytes: Uint8Array | undefined;
      const len = pendingLen + nl - pos;
      if (!oversize && len <= max) bytes = pendingLen === 0 ? chunk.subarray(pos, nl) : concat(pending, chunk.subarray(pos, nl), len);
      const rec = finish(bytes, len);
      pending = [];
      pendingLen = 0;
      pos = nl + 1;
      if (rec) yield rec;
    }
  }
  if (pendingLen > 0 || oversize) {
    const rec = finish(oversize ? undefined : concat(pending, new Uint8Array(0), pendingLen), pendingLen);
    if (rec) yield rec;
  }
}

function parseLine(bytes: Uint8Array, line: number, decoder: { decode(b: Uint8Array): string }): RawRecord | undefined {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 13) end--; // CRLF
  if (isBlank(bytes, end)) return undefined;
  let text: string;
  try {
    text = decoder.decode(bytes.subarray(0, end));
  } catch {
    return { line, bytes: bytes.length, error: new DataError('parse_error', 'invalid UTF-8', { line }) };
  }
  try {
    return { line, bytes: bytes.length, value: JSON.parse(text) };
  } catch (e) {
    return { line, bytes: bytes.length, error: new DataError('parse_error', `invalid JSON: ${(e as Error).message}`, { line }) };
  }
}

function isBlank(bytes: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b !== 32 && b !== 9 && b !== 13) return false;
  }
  return true;
}

function concat(parts: Uint8Array[], last: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  out.set(last, o);
  return out;
}

function tooLarge(line: number, max: number): DataError {
  return new DataError('record_too_large', `record exceeds the limit of ${max} bytes`, { line });
}
