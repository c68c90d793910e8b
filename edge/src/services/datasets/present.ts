import type { DatasetRow } from '../../ports/rows.ts';
import { seconds } from '../../schemas/common.ts';

export function presentDataset(row: DatasetRow, withPreview = true) {
  return {
    id: row.id, object: 'dataset' as const, name: row.name, purpose: row.purpose, format: row.format, kind: row.kind,
    bytes: row.bytes, records: row.records, sha256: row.sha256, created_at: seconds(row.created_at)!, stats: row.stats,
    ...(withPreview ? { preview: row.preview } : {}),
  };
}
