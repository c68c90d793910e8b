// SqlDatabase over better-sqlite3: the Node flavour's metadata and queue database (one file,
// WAL mode) and, as `:memory:`, the test drivers'. It imitates D1 where the SQL code could
// notice: batch() is one transaction, values bind as D1 binds them (booleans as 1/0, undefined
// refused), and every call answers with a promise.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterReady } from '../sql/after-ready.ts';
import type { SqlDatabase, SqlResult, SqlStatement } from '../sql/database.ts';
import { migrate, type Migration } from '../sql/migrate.ts';
import { readMigrations } from '../sql/read-migrations.ts';

function bindable(v: unknown, i: number): unknown {
  if (v === undefined) throw new TypeError(`SQL parameter ${i + 1} is undefined (D1 refuses it; pass null)`);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'bigint' || v instanceof Uint8Array) return v;
  throw new TypeError(`SQL parameter ${i + 1} is a ${typeof v}; encode it first`);
}

class SqliteStatement implements SqlStatement {
  constructor(private readonly owner: SqliteDatabase, readonly query: string, readonly args: readonly unknown[] = []) {}

  bind(...values: unknown[]): SqlStatement {
    return new SqliteStatement(this.owner, this.query, values.map(bindable));
  }

  /** Runs synchronously; batch() calls this inside one transaction. */
  execute<T>(): SqlResult<T> {
    const stmt = this.owner.compiled(this.query);
    if (!stmt.reader) return { results: [], meta: { changes: stmt.run(...this.args).changes } };
    const rows = stmt.all(...this.args) as T[];
    // `… RETURNING` returns one row per changed row
    return { results: rows, meta: { changes: stmt.readonly ? 0 : rows.length } };
  }

  async first<T = Record<string, unknown>>(): Promise<T | null> {
    return this.execute<T>().results[0] ?? null;
  }

  async all<T = Record<string, unknown>>(): Promise<SqlResult<T>> {
    return this.execute<T>();
  }

  async run<T = Record<string, unknown>>(): Promise<SqlResult<T>> {
    return this.execute<T>();
  }
}

export class SqliteDatabase implements SqlDatabase {
  readonly raw: Database.Database;
  private readonly cache = new Map<string, Database.Statement>();

  /** `path` is a file (its folder is created) or `:memory:`. */
  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.raw = new Database(path);
    if (path !== ':memory:') this.raw.pragma('journal_mode = WAL');
    this.raw.pragma('foreign_keys = ON'); // D1 enforces foreign keys too
    this.raw.pragma('busy_timeout = 5000'); // another process holding the write lock: wait, do not fail
  }

  compiled(query: string): Database.Statement {
    let stmt = this.cache.get(query);
    if (!stmt) {
      if (this.cache.size >= 1000) this.cache.clear();
      stmt = this.raw.prepare(query);
      this.cache.set(query, stmt);
    }
    return stmt;
  }

  prepare(query: string): SqlStatement {
    return new SqliteStatement(this, query);
  }

  async batch<T = unknown>(statements: SqlStatement[]): Promise<SqlResult<T>[]> {
    const own = statements.map((s) => {
      if (!(s instanceof SqliteStatement)) throw new TypeError('batch() takes statements of this database');
      return s;
    });
    return this.raw.transaction(() => own.map((s) => s.execute<T>()))();
  }

  close(): void {
    this.cache.clear();
    this.raw.close();
  }
}

export interface MigratedSqlite {
  /** Usable at once: statements wait until the pending migrations ran. */
  readonly db: SqlDatabase;
  /** The migration ids this open ran (rejects when migrating failed). */
  readonly ready: Promise<string[]>;
  readonly sqlite: SqliteDatabase;
  close(): void;
}

/** Opens the database and applies pending edge/migrations (or `migrations`). */
export function openMigratedSqlite(path: string, migrations: readonly Migration[] = readMigrations()): MigratedSqlite {
  const sqlite = new SqliteDatabase(path);
  const ready = migrate(sqlite, migrations);
  return { db: afterReady(ready, sqlite), ready, sqlite, close: () => sqlite.close() };
}
