// The part of Cloudflare's D1Database the SQL drivers use, so `env.DB` is passed in as it is and
// the Node adapter (drivers/node/sqlite.ts) only has to imitate this much of D1.
//
// D1 rules the drivers follow: one statement per prepare(), positional `?` parameters only (the
// Node adapter has no `?NNN`), no BEGIN/COMMIT (no interactive transactions); batch() runs its
// statements in one transaction, so it is the unit of atomicity for anything that takes more than
// one statement.

export interface SqlResult<T = Record<string, unknown>> {
  results: T[];
  meta: { changes: number };
}

export interface SqlStatement {
  /** Positional values for the `?` placeholders: string, number, null (undefined is an error, as on D1). */
  bind(...values: unknown[]): SqlStatement;
  /** The first row, or null. For `… RETURNING`, every change happens before the first row is read. */
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<SqlResult<T>>;
  run<T = Record<string, unknown>>(): Promise<SqlResult<T>>;
}

export interface SqlDatabase {
  prepare(query: string): SqlStatement;
  /** All or nothing: one transaction; one result per statement, in order. */
  batch<T = unknown>(statements: SqlStatement[]): Promise<SqlResult<T>[]>;
}
