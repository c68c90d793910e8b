// The databases every conformance suite runs over: better-sqlite3 on a file, better-sqlite3 in
// memory, and real D1 inside workerd (Miniflare). Each open() is a fresh, empty database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { SqliteDatabase } from '../../node/sqlite.ts';
import type { SqlDatabase } from '../database.ts';

export interface SqlDriver {
  readonly name: string;
  /** A fresh database, not migrated. */
  open(): Promise<SqlDatabase>;
  /** Releases everything open() made. */
  dispose(): Promise<void>;
}

export function sqliteFileDriver(): SqlDriver {
  const dir = mkdtempSync(join(tmpdir(), 'edgetune-sql-'));
  const open: SqliteDatabase[] = [];
  return {
    name: 'sqlite file',
    open: async () => {
      const db = new SqliteDatabase(join(dir, `db${open.length}.sqlite`));
      open.push(db);
      return db;
    },
    dispose: async () => {
      for (const db of open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sqliteMemoryDriver(): SqlDriver {
  const open: SqliteDatabase[] = [];
  return {
    name: 'sqlite memory',
    open: async () => {
      const db = new SqliteDatabase(':memory:');
      open.push(db);
      return db;
    },
    dispose: async () => {
      for (const db of open) db.close();
    },
  };
}

/** D1 in workerd: one Miniflare with a pool of D1 bindings, one per open(). */
export function d1Driver(pool = 64): SqlDriver {
  const names = Array.from({ length: pool }, (_, i) => `DB${i}`);
  let mf: Miniflare | undefined;
  let used = 0;
  return {
    name: 'D1 (workerd)',
    open: async () => {
      if (used >= pool) throw new Error(`d1Driver: more than ${pool} databases; raise the pool`);
      mf ??= new Miniflare({ modules: true, script: 'export default { fetch() { return new Response(); } }', d1Databases: names, compatibilityDate: '2025-01-01' });
      const db: SqlDatabase = await mf.getD1Database(names[used++]!); // a D1Database is a SqlDatabase as it is
      return db;
    },
    dispose: async () => {
      await mf?.dispose();
    },
  };
}

export const SQL_DRIVERS: readonly (() => SqlDriver)[] = [sqliteFileDriver, sqliteMemoryDriver, d1Driver];
