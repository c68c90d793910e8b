import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MIGRATIONS, migrate } from './migrations.ts';
import { sqlType } from './schema.ts';
import { TableDb } from './table-db.ts';

const dir = new URL('../../../migrations/', import.meta.url);

/** Tables and columns as the D1 SQL files define them (CREATE TABLE and ALTER TABLE ADD COLUMN). */
function sqlSchema(): Map<string, Map<string, { type: string; notNull: boolean }>> {
  const tables = new Map<string, Map<string, { type: string; notNull: boolean }>>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    const sql = readFileSync(new URL(file, dir), 'utf8').replace(/--.*$/gm, '');
    for (const m of sql.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\);/g)) {
      const cols = new Map<string, { type: string; notNull: boolean }>();
      for (const line of m[2]!.split('\n').map((l) => l.trim()).filter(Boolean)) {
        const c = /^(\w+) (TEXT|INTEGER|REAL)\b(.*)$/.exec(line);
        if (c && !['PRIMARY', 'UNIQUE'].includes(c[1]!)) cols.set(c[1]!, { type: c[2]!, notNull: /NOT NULL/.test(c[3]!) });
      }
      tables.set(m[1]!, cols);
    }
    for (const m of sql.matchAll(/ALTER TABLE (\w+) ADD COLUMN (\w+) (TEXT|INTEGER|REAL)( NOT NULL)?/g)) {
      tables.get(m[1]!)!.set(m[2]!, { type: m[3]!, notNull: m[4] !== undefined });
    }
  }
  return tables;
}

test('every migration has a D1 SQL file of the same id, in the same order', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => f.replace(/\.sql$/, ''));
  assert.deepEqual(files, MIGRATIONS.map((m) => m.id));
});

test('the JSON store and the D1 SQL define the same tables, columns, types and nullability', () => {
  const db = new TableDb();
  migrate(db);
  const sql = sqlSchema();
  assert.deepEqual([...db.tables.keys()].sort(), [...sql.keys()].sort());
  for (const [name, def] of db.tables) {
    const cols = sql.get(name)!;
    assert.deepEqual(Object.keys(def.columns).sort(), [...cols.keys()].sort(), `columns of ${name}`);
    for (const [c, d] of Object.entries(def.columns)) {
      assert.equal(sqlType(d), cols.get(c)!.type, `${name}.${c} type`);
      assert.equal(!d.nullable, cols.get(c)!.notNull, `${name}.${c} NOT NULL`);
    }
  }
});

test('migrate runs only what is pending and records the ids', () => {
  const db = new TableDb();
  assert.deepEqual(migrate(db, MIGRATIONS.slice(0, 1)), ['0001_init']);
  assert.equal(db.tables.get('jobs')!.columns.source_hook_id, undefined);
  assert.deepEqual(migrate(db), ['0002_webhooks']);
  assert.ok(db.tables.get('jobs')!.columns.source_hook_id);
  assert.deepEqual(migrate(db), []);
});
