// parse + validate: streams validated records from JSONL, CSV or Parquet. Bad records either stop the
// read (fail-fast) or go to onError and the read continues (collect). A file over the size
// limit always stops it.
import { coerceCsvRow } from './csv-coerce.ts';
import { csvRows, type CsvOptions } from './csv.ts';
import { detectKindFromColumns } from './detect.ts';
import { DataError } from './errors.ts';
import { jsonlRecords, type RawRecord } from './jsonl.ts';
import { parquetRecords } from './parquet.ts';
import type { AnyRecord } from './schemas.ts';
import { byteChunks } from './source.ts';
import type { ChunkSource } from './types.ts';
import { validateRecord, type KindOption } from './validate.ts';

/** Stored dataset formats (the edge keeps this pair); reading also takes Parquet. */
export type DataFormat = 'jsonl' | 'csv';
export type InputFormat = DataFormat | 'parquet';

/** The format a file's name implies: .csv, .parquet, else JSONL. */
export function formatOfPath(path: string): InputFormat {
  const lower = path.toLowerCase();
  return lower.endsWith('.csv') ? 'csv' : lower.endsWith('.parquet') ? 'parquet' : 'jsonl';
}
export type ErrorMode = 'collect' | 'fail-fast';

export interface ReadOptions {
  format?: InputFormat;
  kind?: KindOption;
  mode?: ErrorMode;
  maxRecordBytes?: number;
  maxFileBytes?: number;
  csv?: Omit<CsvOptions, 'maxRecordBytes'>;
  /** Bad records in collect mode. */
  onError?: (error: DataError) => void;
  onBytes?: (bytesRead: number) => void;
}

export type LineRecord = AnyRecord & { line: number; bytes: number };

export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

export async function* readRecords(source: ChunkSource, opts: ReadOptions = {}): AsyncGenerator<LineRecord> {
  const kind = opts.kind ?? 'auto';
  const mode = opts.mode ?? 'collect';
  const maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const chunks = byteChunks(source, { maxFileBytes: opts.maxFileBytes, onBytes: opts.onBytes });
  const raw = opts.format === 'csv' ? csvRaw(chunks, kind, { ...opts.csv, maxRecordBytes })
    : opts.format === 'parquet' ? parquetRecords(chunks, { maxRecordBytes })
    : jsonlRecords(chunks, { maxRecordBytes });
  for await (const r of raw) {
    const result = r.error ?? validateRecord(r.value, kind, r.line);
    if (result instanceof DataError) {
      if (mode === 'fail-fast') throw result;
      opts.onError?.(result);
      continue;
    }
    const rec = result as LineRecord;
    rec.line = r.line;
    rec.bytes = r.bytes;
    yield rec;
  }
}

async function* csvRaw(chunks: AsyncIterable<Uint8Array>, kind: KindOption, opts: CsvOptions): AsyncGenerator<RawRecord> {
  let rowKind = kind === 'auto' ? undefined : kind;
  for await (const r of csvRows(chunks, opts)) {
    if (r.error) {
      yield { line: r.line, bytes: r.bytes, error: r.error };
      continue;
    }
    const row = r.row!;
    rowKind ??= detectKindFromColumns(Object.keys(row));
    yield { line: r.line, bytes: r.bytes, value: coerceCsvRow(row, rowKind) };
  }
}
