// Schema migrations the way `wrangler d1 migrations apply` runs them: applied migrations are rows
// of d1_migrations (name = the file name, e.g. `0001_init.sql`), so a D1 database migrated by
// wrangler and one migrated here are recognised by either. Each pending migration is one batch:
// its statements and its d1_migrations row commit together or not at all.
import type { SqlDatabase } from './database.ts';
import { splitStatements } from './split-statements.ts';

export interface Migration {
  /** The file name, with or without `.sql` (`0001_init`). */
  id: string;
  sql: string;
}

/** wrangler's own definition of the table, so either side may create it first. */
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

const fileName = (id: string) => (id.endsWith('.sql') ? id : `${id}.sql`);

async function appliedNames(db: SqlDatabase): Promise<Set<string>> {
  const { results } = await db.prepare('SELECT name FROM d1_migrations ORDER BY id').all<{ name: string }>();
  return new Set(results.map((r) => r.name));
}

/** Runs the migrations not applied yet, in the order given; returns the ids it ran. */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[]): Promise<string[]> {
  await db.prepare(CREATE_TABLE).run();
  const applied = await appliedNames(db);
  const known = new Set(migrations.map((m) => fileName(m.id)));
  const unknown = [...applied].filter((n) => !known.has(n));
  // an older build must not write to a schema it does not know
  if (unknown.length > 0) throw new Error(`the database has migrations this build does not know (${unknown.join(', ')}); it was written by a newer edgetune`);
  const ran: string[] = [];
  for (const m of migrations) {
    const name = fileName(m.id);
    if (applied.has(name)) continue;
    const statements = splitStatements(m.sql).map((s) => db.prepare(s));
    try {
      await db.batch([...statements, db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(name)]);
    } catch (e) {
      // another process (or Worker isolate) applied it first: its batch won, ours rolled back
      if ((await appliedNames(db)).has(name)) continue;
      throw new Error(`migration ${name} failed: ${(e as Error).message}`, { cause: e });
    }
    ran.push(m.id);
  }
  return ran;
}
