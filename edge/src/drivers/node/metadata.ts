// Metadata in one JSON file: the table store, every write transaction persisted atomically before
// it counts as committed. Opening the file runs pending migrations (the D1 model: applied ids are
// recorded in the file, as D1 records them in d1_migrations). Fine for one process; for real
// SQLite on Node add `better-sqlite3` and run edge/migrations/*.sql through a SQL driver.
import { z } from 'zod';
import type { Metadata } from '../../ports/metadata.ts';
import { tableMetadata } from '../table/metadata.ts';
import { MIGRATIONS, migrate, type Migration } from '../table/migrations.ts';
import { TableDb, type Row } from '../table/table-db.ts';
import { readJsonFile, writeJsonAtomic } from './json-file.ts';

const FileSchema = z.object({
  format: z.literal('edgetune-metadata'),
  version: z.literal(1),
  migrations: z.array(z.string()),
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});

function snapshot(db: TableDb) {
  return { format: 'edgetune-metadata', version: 1, migrations: db.applied, tables: db.dump() };
}

export function openJsonMetadata(path: string, migrations: readonly Migration[] = MIGRATIONS): Metadata & { db: TableDb; ranMigrations: string[] } {
  const file = readJsonFile(path, FileSchema);
  const db = new TableDb();
  if (file) {
    const unknown = file.migrations.filter((id) => !migrations.some((m) => m.id === id));
    if (unknown.length) throw new Error(`${path}: written by a newer edgetune (migrations ${unknown.join(', ')})`);
    // Rebuild the schema the file was written under, load its rows, then migrate the rest.
    migrate(db, migrations.filter((m) => file.migrations.includes(m.id)));
    db.restore(file.tables as Record<string, Row[]>);
  }
  const ran = migrate(db, migrations);
  if (ran.length > 0 || !file) writeJsonAtomic(path, snapshot(db));
  db.onCommit = (d) => writeJsonAtomic(path, snapshot(d));
  return { ...tableMetadata(db), db, ranMigrations: ran };
}
