// A database usable at once whose statements wait for `ready` (e.g. pending migrations): lets a
// synchronous constructor hand out drivers while the async migrate() is still running. When
// `ready` fails, every statement fails with its error.
import type { SqlDatabase, SqlResult, SqlStatement } from './database.ts';

class Deferred implements SqlStatement {
  constructor(readonly db: SqlDatabase, readonly ready: Promise<unknown>, readonly query: string, readonly args: unknown[] = []) {}

  bind(...values: unknown[]): SqlStatement {
    return new Deferred(this.db, this.ready, this.query, values);
  }

  inner(): SqlStatement {
    return this.db.prepare(this.query).bind(...this.args);
  }

  async first<T = Record<string, unknown>>(): Promise<T | null> {
    await this.ready;
    return this.inner().first<T>();
  }

  async all<T = Record<string, unknown>>(): Promise<SqlResult<T>> {
    await this.ready;
    return this.inner().all<T>();
  }

  async run<T = Record<string, unknown>>(): Promise<SqlResult<T>> {
    await this.ready;
    return this.inner().run<T>();
  }
}

export function afterReady(ready: Promise<unknown>, db: SqlDatabase): SqlDatabase {
  ready.catch(() => {}); // reported by the statements that wait for it
  return {
    prepare: (query) => new Deferred(db, ready, query),
    batch: async <T = unknown>(statements: SqlStatement[]) => {
      await ready;
      return db.batch<T>(statements.map((s) => (s instanceof Deferred ? s.inner() : s)));
    },
  };
}
