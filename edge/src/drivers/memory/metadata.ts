// In-memory metadata for tests: the table store with every migration applied, never persisted.
import type { Metadata } from '../../ports/metadata.ts';
import { tableMetadata } from '../table/metadata.ts';
import { migrate } from '../table/migrations.ts';
import { TableDb } from '../table/table-db.ts';

export function memoryMetadata(): Metadata & { db: TableDb } {
  const db = new TableDb();
  migrate(db);
  return { ...tableMetadata(db), db };
}
