// A fresh migrated in-memory SQLite database per driver: the test drivers run the very SQL that
// D1 and the SQLite file run. The migration files are read once per process.
import type { SqlDatabase } from '../sql/database.ts';
import type { Migration } from '../sql/migrate.ts';
import { readMigrations } from '../sql/read-migrations.ts';
import { openMigratedSqlite } from '../node/sqlite.ts';

let migrations: Migration[] | undefined;

export function memorySql(): SqlDatabase {
  migrations ??= readMigrations();
  return openMigratedSqlite(':memory:', migrations).db;
}
