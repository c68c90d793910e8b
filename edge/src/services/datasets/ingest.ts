// Upload → validated, cleaned JSONL blob + dataset row, all or nothing. Records stream through
// core's reader (line numbers in errors) and Cleaner (normalize, dedup); the kept records go to a
// staged blob that is committed only after the last line passed. The row is inserted after the
// blob commit, and a failed insert deletes the blob, so no row ever points at a missing blob.
import { Cleaner, DataError, readRecords, ReportBuilder, type ChunkSource, type DataFormat, type LineRecord } from '@edgetune/core/data/index.ts';
import type { AppDeps } from '../../deps.ts';
import { EdgetuneError } from '../../errors/index.ts';
import type { DatasetRow, DatasetStats } from '../../ports/rows.ts';
import type { UploadOptions } from '../../schemas/datasets.ts';
import { newId } from '../../util/ids.ts';
import { HashingWriter } from './staged-writer.ts';

export const PREVIEW_RECORDS = 5;

export interface IngestInput {
  tenantId: string;
  source: ChunkSource;
  format: DataFormat;
  options: UploadOptions;
  /** Original file name (multipart), for the default dataset name. */
  filename?: string;
}

function charCount(rec: LineRecord): number {
  return JSON.stringify(rec.data).length;
}

export async function ingestDataset(deps: Pick<AppDeps, 'blobs' | 'meta' | 'clock' | 'limits'>, input: IngestInput): Promise<DatasetRow> {
  const { options: o } = input;
  const id = newId('ds');
  const report = new ReportBuilder();
  const cleaner = o.clean ? new Cleaner({}, report) : undefined;
  const staged = await deps.blobs.stage();
  const writer = new HashingWriter(staged);
  let kind: string | undefined = o.kind === 'auto' ? undefined : o.kind;
  let bytesIn = 0;
  const kinds: Record<string, number> = {};
  const chars = { total: 0, max: 0 };
  const preview: unknown[] = [];
  let committed = false;
  try {
    const records = readRecords(input.source, {
      format: input.format, kind: o.kind, mode: o.on_invalid === 'reject' ? 'fail-fast' : 'collect',
      maxFileBytes: deps.limits.maxDatasetBytes, maxRecordBytes: deps.limits.maxRecordBytes,
      onError: (e) => report.invalid(e), onBytes: (n) => (bytesIn = n),
    });
    for await (const rec of records) {
      if (kind !== undefined && rec.kind !== kind) {
        const e = new DataError('invalid_record', `record is ${rec.kind} but the dataset is ${kind}; one dataset holds one kind`, { line: rec.line });
        if (o.on_invalid === 'reject') throw e;
        report.invalid(e);
        continue;
      }
      kind ??= rec.kind;
      report.recordsIn++;
      const kept = cleaner ? cleaner.process(rec) : rec;
      if (!kept) continue;
      report.recordsOut++;
      kinds[kept.kind] = (kinds[kept.kind] ?? 0) + 1;
      const n = charCount(kept);
      chars.total += n;
      chars.max = Math.max(chars.max, n);
      if (preview.length < PREVIEW_RECORDS) preview.push(kept.data);
      await writer.writeText(`${JSON.stringify(kept.data)}\n`);
    }
    const built = report.build();
    if (built.recordsOut === 0) {
      throw new EdgetuneError('invalid_field', `no usable records (${built.recordsIn} read, all dropped or invalid)`, { field: 'file' });
    }
    const sha256 = await writer.finish();
    const blobKey = `t/${input.tenantId}/datasets/${id}.jsonl`;
    await staged.commit(blobKey);
    committed = true;
    const stats: DatasetStats = {
      bytes_in: bytesIn, records_in: built.recordsIn, records_out: built.recordsOut, dropped: built.dropped,
      examples: built.examples as Record<string, unknown[]>, kinds, chars: { ...chars, mean: chars.total / built.recordsOut },
    };
    const row: DatasetRow = {
      id, tenant_id: input.tenantId, name: o.name ?? defaultName(input.filename, id), purpose: o.purpose, format: input.format,
      kind: kind!, blob_key: blobKey, sha256, bytes: writer.bytes, records: built.recordsOut, stats, preview, created_at: deps.clock.now(),
    };
    try {
      return await deps.meta.datasets.insert(row);
    } catch (e) {
      await deps.blobs.delete(blobKey);
      throw e;
    }
  } finally {
    if (!committed) await staged.abort();
  }
}

function defaultName(filename: string | undefined, id: string): string {
  const base = filename?.toLowerCase().replace(/\.[a-z0-9]+$/, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
  return base || id;
}
