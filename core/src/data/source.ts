// Turns any chunk source into Uint8Array chunks, enforcing the file size limit as bytes arrive
// (the limit trips before the excess is processed, never after buffering the file).
import { DataError } from './errors.ts';
import type { ChunkSource } from './types.ts';

export interface ByteChunkOptions {
  maxFileBytes?: number;
  /** Called after each chunk with the total bytes read so far. */
  onBytes?: (bytesRead: number) => void;
}

export async function* byteChunks(source: ChunkSource, opts: ByteChunkOptions = {}): AsyncGenerator<Uint8Array> {
  const max = opts.maxFileBytes ?? Infinity;
  const encoder = new TextEncoder();
  let total = 0;
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    let bytes: Uint8Array;
    if (typeof chunk === 'string') bytes = encoder.encode(chunk);
    else if (chunk instanceof Uint8Array) bytes = chunk;
    else throw new DataError('invalid_options', `expected chunks of Uint8Array or string, got ${typeof chunk}`);
    total += bytes.length;
    if (total > max) {
      throw new DataError('file_too_large', `file exceeds the limit of ${max} bytes`);
    }
    opts.onBytes?.(total);
    yield bytes;
  }
}

/** UTF-8 bytes of s[from, to) as TextEncoder writes them, counted without encoding. */
export function utf8Length(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair
      i++;
    } else n += 3; // a lone surrogate is written as U+FFFD
  }
  return n;
}
