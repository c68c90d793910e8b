// The metadata schema as data: tables, columns and keys, built by the same ordered migrations as
// edge/migrations/*.sql (D1). The JSON-file and in-memory stores enforce it the way SQLite would.
export type ColumnType = 'text' | 'integer' | 'real' | 'boolean' | 'json';

export interface ColumnDef {
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** Filled into existing rows when a migration adds the column. */
  readonly default?: unknown;
}

export interface TableDef {
  readonly name: string;
  readonly columns: Readonly<Record<string, ColumnDef>>;
  readonly primaryKey: readonly string[];
  readonly unique: readonly (readonly string[])[];
}

/** `text`, `integer?` (nullable), `json`, … as a compact column spec. */
export function col(spec: `${ColumnType}` | `${ColumnType}?`, dflt?: unknown): ColumnDef {
  const nullable = spec.endsWith('?');
  const type = (nullable ? spec.slice(0, -1) : spec) as ColumnType;
  return dflt === undefined ? { type, nullable } : { type, nullable, default: dflt };
}

export function checkValue(table: string, column: string, def: ColumnDef, value: unknown): string | undefined {
  if (value === null || value === undefined) return def.nullable ? undefined : `${table}.${column} is NOT NULL`;
  const ok =
    def.type === 'text' ? typeof value === 'string'
    : def.type === 'integer' ? Number.isSafeInteger(value)
    : def.type === 'real' ? typeof value === 'number' && Number.isFinite(value)
    : def.type === 'boolean' ? typeof value === 'boolean'
    : true; // json: any JSON value
  return ok ? undefined : `${table}.${column} expects ${def.type}, got ${JSON.stringify(value)?.slice(0, 40)}`;
}

/** The SQLite type a column has in the D1 migrations. */
export function sqlType(def: ColumnDef): string {
  return def.type === 'integer' || def.type === 'boolean' ? 'INTEGER' : def.type === 'real' ? 'REAL' : 'TEXT';
}
