// A small relational store in memory: tables of rows under a schema, unique keys, and write
// transactions that commit all-or-nothing. The JSON-file driver persists it after each commit.
// Transactions are synchronous, so in one process they are serializable by construction.
import { EdgetuneError } from '../../errors/index.ts';
import { checkValue, type ColumnDef, type TableDef } from './schema.ts';

export type Row = Record<string, unknown>;

export interface Tx {
  get<R extends object>(table: string, key: Row): R | undefined;
  select<R extends object>(table: string, where?: Row | ((row: R) => boolean)): R[];
  /** Throws 409 on a duplicate primary or unique key. */
  insert<R extends object>(table: string, row: R): R;
  update<R extends object>(table: string, key: Row, patch: Partial<R>): R | undefined;
  delete(table: string, key: Row): boolean;
}

export interface SchemaOps {
  createTable(def: TableDef): void;
  addColumn(table: string, name: string, def: ColumnDef): void;
}

export class TableDb implements SchemaOps {
  readonly tables = new Map<string, TableDef>();
  private readonly data = new Map<string, Map<string, Row>>();
  /** Migration ids applied, in order. */
  readonly applied: string[] = [];

  /** Runs after every successful write transaction; a throw rolls the transaction back. */
  onCommit: ((db: TableDb) => void) | undefined;

  createTable(def: TableDef): void {
    if (this.tables.has(def.name)) throw new Error(`table ${def.name} exists`);
    this.tables.set(def.name, def);
    this.data.set(def.name, new Map());
  }

  addColumn(table: string, name: string, def: ColumnDef): void {
    const t = this.table(table);
    this.tables.set(table, { ...t, columns: { ...t.columns, [name]: def } });
    const rows = this.data.get(table)!;
    for (const [k, row] of rows) rows.set(k, { ...row, [name]: def.default ?? null });
  }

  read<T>(fn: (tx: Tx) => T): T {
    return fn(this.tx(undefined));
  }

  write<T>(fn: (tx: Tx) => T): T {
    const backups = new Map<string, Map<string, Row>>();
    try {
      const out = fn(this.tx(backups));
      if (backups.size > 0) this.onCommit?.(this);
      return out;
    } catch (e) {
      for (const [name, rows] of backups) this.data.set(name, rows);
      throw e;
    }
  }

  /** Every row of every table (for persistence). */
  dump(): Record<string, Row[]> {
    return Object.fromEntries([...this.data].map(([name, rows]) => [name, [...rows.values()]]));
  }

  /** Loads rows as they were dumped; each is checked against the schema. */
  restore(tables: Record<string, Row[]>): void {
    for (const [name, rows] of Object.entries(tables)) {
      const def = this.table(name);
      const map = this.data.get(name)!;
      for (const row of rows) {
        this.check(def, row, true);
        map.set(this.keyOf(def, row), row);
      }
    }
  }

  private table(name: string): TableDef {
    const def = this.tables.get(name);
    if (!def) throw new Error(`no table ${name}`);
    return def;
  }

  private keyOf(def: TableDef, row: Row, cols: readonly string[] = def.primaryKey): string {
    return JSON.stringify(cols.map((c) => row[c] ?? null));
  }

  private check(def: TableDef, row: Row, full: boolean): void {
    for (const k of Object.keys(row)) if (!(k in def.columns)) throw new Error(`${def.name} has no column ${k}`);
    for (const [name, c] of Object.entries(def.columns)) {
      if (!full && !(name in row)) continue;
      const problem = checkValue(def.name, name, c, row[name]);
      if (problem) throw new Error(problem);
    }
  }

  private tx(backups: Map<string, Map<string, Row>> | undefined): Tx {
    const writable = (name: string): Map<string, Row> => {
      if (!backups) throw new Error('write inside a read transaction');
      const rows = this.data.get(name)!;
      if (!backups.has(name)) backups.set(name, new Map(rows));
      return rows;
    };
    const matches = (row: Row, where: Row) => Object.entries(where).every(([k, v]) => row[k] === v);
    const assertUnique = (def: TableDef, rows: Map<string, Row>, row: Row, self?: string) => {
      for (const cols of def.unique) {
        const k = this.keyOf(def, row, cols);
        for (const [pk, other] of rows) {
          if (pk !== self && this.keyOf(def, other, cols) === k) {
            throw new EdgetuneError('conflict', `${def.name}: (${cols.join(', ')}) already exists`);
          }
        }
      }
    };
    return {
      get: <R extends object>(table: string, key: Row) => {
        const def = this.table(table);
        const row = this.data.get(table)!.get(this.keyOf(def, key));
        return row === undefined ? undefined : (structuredClone(row) as unknown as R);
      },
      select: <R extends object>(table: string, where?: Row | ((row: R) => boolean)) => {
        this.table(table);
        const out: R[] = [];
        for (const row of this.data.get(table)!.values()) {
          const ok = where === undefined ? true : typeof where === 'function' ? where(row as unknown as R) : matches(row, where);
          if (ok) out.push(structuredClone(row) as unknown as R);
        }
        return out;
      },
      insert: <R extends object>(table: string, input: R) => {
        const def = this.table(table);
        const row = input as unknown as Row;
        const full = Object.fromEntries(Object.keys(def.columns).map((c) => [c, row[c] ?? null]));
        for (const k of Object.keys(row)) if (!(k in def.columns)) throw new Error(`${table} has no column ${k}`);
        this.check(def, full, true);
        const rows = writable(table);
        const pk = this.keyOf(def, full);
        if (rows.has(pk)) throw new EdgetuneError('conflict', `${table}: ${pk} already exists`);
        assertUnique(def, rows, full);
        rows.set(pk, structuredClone(full));
        return structuredClone(full) as unknown as R;
      },
      update: <R extends object>(table: string, key: Row, patch: Partial<R>) => {
        const def = this.table(table);
        const pk = this.keyOf(def, key);
        const current = this.data.get(table)!.get(pk);
        if (current === undefined) return undefined;
        this.check(def, patch as Row, false);
        const next = { ...current, ...structuredClone(patch) };
        if (this.keyOf(def, next) !== pk) throw new Error(`${table}: primary key columns cannot change`);
        const rows = writable(table);
        assertUnique(def, rows, next, pk);
        rows.set(pk, next);
        return structuredClone(next) as unknown as R;
      },
      delete: (table: string, key: Row) => {
        const def = this.table(table);
        const pk = this.keyOf(def, key);
        if (!this.data.get(table)!.has(pk)) return false;
        return writable(table).delete(pk);
      },
    };
  }
}
