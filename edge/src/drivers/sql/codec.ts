// Rows cross the SQL boundary here: JSON columns are TEXT, booleans INTEGER 0/1, absent values
// NULL. Reads give back exactly the shapes of ports/rows.ts.
import { conflict } from '../../errors/index.ts';
import type { SqlDatabase, SqlStatement } from './database.ts';
import { TABLES, type TableName } from './tables.ts';

function columns(table: TableName): Readonly<Record<string, string>> {
  return TABLES[table];
}

/** One column value as SQL stores it. */
export function encodeValue(table: TableName, column: string, value: unknown): unknown {
  const kind = columns(table)[column];
  if (kind === undefined) throw new Error(`${table} has no column ${column}`);
  if (value === null || value === undefined) return null;
  if (kind === 'json') return JSON.stringify(value);
  if (kind === 'bool') return value ? 1 : 0;
  return value;
}

/** A row as read from SQL, in the shape of ports/rows.ts. */
export function decode<R>(table: TableName, raw: Record<string, unknown>): R {
  const out: Record<string, unknown> = {};
  for (const [c, kind] of Object.entries(columns(table))) {
    const v = raw[c] ?? null;
    out[c] = v === null ? null : kind === 'json' ? JSON.parse(v as string) : kind === 'bool' ? v === 1 : v;
  }
  return out as R;
}

export function decodeAll<R>(table: TableName, rows: Record<string, unknown>[]): R[] {
  return rows.map((r) => decode<R>(table, r));
}

/** `INSERT … RETURNING *` of a whole row; columns the row lacks are NULL. */
export function insertStatement(db: SqlDatabase, table: TableName, row: object): SqlStatement {
  const cols = Object.keys(columns(table));
  for (const k of Object.keys(row)) if (!(k in columns(table))) throw new Error(`${table} has no column ${k}`);
  const values = cols.map((c) => encodeValue(table, c, (row as Record<string, unknown>)[c]));
  return db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) RETURNING *`).bind(...values);
}

/** `SET a = ?, b = ?` for the defined keys of a patch (undefined means "leave as is"). */
export function setClause(table: TableName, patch: object, fixed: readonly string[]): { sql: string; values: unknown[] } {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  for (const [k] of entries) if (fixed.includes(k)) throw new Error(`${table}.${k} cannot change`);
  return { sql: entries.map(([k]) => `${k} = ?`).join(', '), values: entries.map(([k, v]) => encodeValue(table, k, v)) };
}

/** A duplicate primary or unique key as the 409 the port promises (D1 and SQLite word it alike). */
export function asConflict(e: unknown): unknown {
  const message = e instanceof Error ? `${e.message} ${(e.cause as Error | undefined)?.message ?? ''}` : String(e);
  const m = /UNIQUE constraint failed: (\w+)\.(\w+(?:, \w+\.\w+)*)/.exec(message);
  return m ? conflict(`${m[1]}: (${m[2]!.replace(/\w+\./g, '')}) already exists`) : e;
}

/** Runs a write, turning a unique-key violation into a 409. */
export async function unique<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw asConflict(e);
  }
}

/** `q(sql, ...args)`: a prepared statement with its arguments bound, for the repos' queries. */
export function binder(db: SqlDatabase): (sql: string, ...args: unknown[]) => SqlStatement {
  return (sql, ...args) => db.prepare(sql).bind(...args);
}

export async function firstRow<R>(table: TableName, stmt: SqlStatement): Promise<R | null> {
  const raw = await stmt.first();
  return raw ? decode<R>(table, raw) : null;
}

export async function allRows<R>(table: TableName, stmt: SqlStatement): Promise<R[]> {
  return decodeAll<R>(table, (await stmt.all()).results);
}

/** Inserts a whole row and returns it as stored; 409 on a duplicate key. */
export async function insertRow<R>(db: SqlDatabase, table: TableName, row: R & object): Promise<R> {
  return (await unique(() => firstRow<R>(table, insertStatement(db, table, row))))!;
}
