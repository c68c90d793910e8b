// Metadata for tests: the SQL driver over a migrated in-memory SQLite database.
import type { Metadata } from '../../ports/metadata.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlMetadata } from '../sql/metadata.ts';
import { memorySql } from './sqlite.ts';

export function memoryMetadata(): Metadata & { db: SqlDatabase } {
  const db = memorySql();
  return { ...sqlMetadata(db), db };
}
