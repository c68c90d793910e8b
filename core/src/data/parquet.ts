// Parquet input through hyparquet: the file is buffered (Parquet's footer comes last, so it cannot be read
// as a stream), each row becomes a plain object, and rows go down the same validation path as JSONL
// lines, numbered from 1 so errors say "line N" for row N.
import { parquetReadObjects } from 'hyparquet';
import { DataError } from './errors.ts';
import type { RawRecord } from './jsonl.ts';
import { utf8Length } from './source.ts';

/** INT64 columns arrive as bigint; records hold numbers (zod's int checks), exact up to 2^53. */
function plain(v: unknown, field: string, row: number): unknown {
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new DataError('invalid_record', `integer ${v} is beyond what a JSON number holds exactly`, { line: row, field });
    }
    return Number(v);
  }
  if (Array.isArray(v)) return v.map((x, i) => plain(x, `${field}.${i}`, row));
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, field ? `${field}.${k}` : k, row)]));
  }
  return v;
}

export async function* parquetRecords(chunks: AsyncIterable<Uint8Array>, opts: { maxRecordBytes?: number } = {}): AsyncGenerator<RawRecord> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file: bytes.buffer });
  } catch (err) {
    throw new DataError('parse_error', `not a readable Parquet file: ${(err as Error).message}`);
  }
  const max = opts.maxRecordBytes ?? Infinity;
  for (let i = 0; i < rows.length; i++) {
    const line = i + 1;
    try {
      const value = plain(rows[i], '', line);
      const size = utf8Length(JSON.stringify(value) ?? '');
      if (size > max) yield { line, bytes: size, error: new DataError('record_too_large', `row is ${size} bytes, over the limit of ${max}`, { line }) };
      else yield { line, bytes: size, value };
    } catch (err) {
      if (!(err instanceof DataError)) throw err;
      yield { line, bytes: 0, error: err };
    }
  }
}
