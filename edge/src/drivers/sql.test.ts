// The SQL layer itself: migrations (the tables they make, only pending ones run, d1_migrations as
// wrangler keeps it, all-or-nothing), over every driver; then the SQLite file across a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after as afterAll, describe, test } from 'node:test';
import { openMigratedSqlite, SqliteDatabase } from './node/sqlite.ts';
import { afterReady } from './sql/after-ready.ts';
import { SQL_DRIVERS } from './sql/conformance/drivers.ts';
import { job, tenants, version } from './sql/conformance/fixtures.ts';
import type { SqlDatabase } from './sql/database.ts';
import { migrate } from './sql/migrate.ts';
import { readMigrations } from './sql/read-migrations.ts';
import { sqlJobQueue } from './sql/job-queue.ts';
import { sqlMetadata } from './sql/metadata.ts';
import { splitStatements } from './sql/split-statements.ts';
import { TABLES } from './sql/tables.ts';

const MIGRATIONS = readMigrations();

async function tableNames(db: SqlDatabase): Promise<string[]> {
  const { results } = await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all<{ name: string }>();
  return results.map((r) => r.name).filter((n) => !n.startsWith('sqlite_') && !n.startsWith('_cf_'));
}

async function columns(db: SqlDatabase, table: string): Promise<Map<string, { type: string; notnull: number }>> {
  const { results } = await db.prepare(`PRAGMA table_info(${table})`).all<{ name: string; type: string; notnull: number }>();
  return new Map(results.map((c) => [c.name, c]));
}

for (const makeDriver of SQL_DRIVERS) {
  const driver = makeDriver();
  describe(`migrations over ${driver.name}`, () => {
    afterAll(() => driver.dispose());

    test('edge/migrations are 0001…0006 and make the tables the repos read and write', async () => {
      assert.deepEqual(MIGRATIONS.map((m) => m.id), ['0001_init', '0002_webhooks', '0003_job_queue', '0004_tracking', '0005_evaluations', '0006_drift_checks']);
      const db = await driver.open();
      await migrate(db, MIGRATIONS);
      assert.deepEqual(await tableNames(db), [...Object.keys(TABLES), 'job_queue', 'd1_migrations'].sort());
      for (const [table, spec] of Object.entries(TABLES)) {
        const cols = await columns(db, table);
        assert.deepEqual([...cols.keys()].sort(), Object.keys(spec).sort(), `columns of ${table}`);
        for (const [c, kind] of Object.entries(spec)) {
          if (kind === 'json') assert.equal(cols.get(c)!.type, 'TEXT', `${table}.${c} holds JSON as TEXT`);
          if (kind === 'bool') assert.equal(cols.get(c)!.type, 'INTEGER', `${table}.${c} holds a boolean as INTEGER`);
        }
      }
      assert.deepEqual([...(await columns(db, 'job_queue')).keys()],
        ['job_id', 'tenant_id', 'enqueued_at', 'available_at', 'attempts', 'lease_id', 'runner_id', 'lease_expires_at']);
    });

    test('migrate runs only pending migrations, records them as wrangler does, and keeps old rows', async () => {
      const db = await driver.open();
      assert.deepEqual(await migrate(db, MIGRATIONS.slice(0, 1)), ['0001_init']);
      assert.equal((await columns(db, 'jobs')).has('source_hook_id'), false);
      await tenants(sqlMetadata(db), 'A');
      const { source_hook_id: _, ...old } = job('j1', 'A');
      const cols = Object.keys(old);
      await db.prepare(`INSERT INTO jobs (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
        .bind(...cols.map((c) => { const v = (old as Record<string, unknown>)[c]; return v !== null && typeof v === 'object' ? JSON.stringify(v) : v; })).run();
      assert.deepEqual(await migrate(db, MIGRATIONS), ['0002_webhooks', '0003_job_queue', '0004_tracking', '0005_evaluations', '0006_drift_checks']);
      assert.deepEqual(await migrate(db, MIGRATIONS), []);
      const { results } = await db.prepare('SELECT id, name FROM d1_migrations ORDER BY id').all();
      assert.deepEqual(results, [{ id: 1, name: '0001_init.sql' }, { id: 2, name: '0002_webhooks.sql' }, { id: 3, name: '0003_job_queue.sql' }, { id: 4, name: '0004_tracking.sql' }, { id: 5, name: '0005_evaluations.sql' }, { id: 6, name: '0006_drift_checks.sql' }]);
      assert.deepEqual(await sqlMetadata(db).jobs.get('A', 'j1'), job('j1', 'A'));
    });

    test('a database migrated by wrangler (ids with .sql) is recognised', async () => {
      const db = await driver.open();
      await migrate(db, MIGRATIONS.map((m) => ({ ...m, id: `${m.id}.sql` })));
      assert.deepEqual(await migrate(db, MIGRATIONS), []);
    });

    test('a failing migration leaves nothing behind; a newer database is refused', async () => {
      const db = await driver.open();
      await assert.rejects(migrate(db, [{ id: '0001_bad', sql: 'CREATE TABLE t1 (id TEXT);\nCREATE TABLE t1 (id TEXT);' }]), /0001_bad\.sql failed/);
      assert.deepEqual(await tableNames(db), ['d1_migrations']);
      await migrate(db, MIGRATIONS);
      await db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind('0099_future.sql').run();
      await assert.rejects(migrate(db, MIGRATIONS), /newer edgetune/);
    });

    test('two migrators at once: each migration runs exactly once', async () => {
      const db = await driver.open();
      const ran = await Promise.all([migrate(db, MIGRATIONS), migrate(db, MIGRATIONS)]);
      assert.deepEqual(ran.flat().sort(), MIGRATIONS.map((m) => m.id));
      assert.equal(((await db.prepare('SELECT COUNT(*) AS n FROM d1_migrations').first()) as { n: number }).n, 6);
    });
  });
}

test('splitStatements: one statement each; comments dropped; ; inside strings, names and triggers kept', () => {
  const sql = `-- head; comment
CREATE TABLE "a;b" (x TEXT DEFAULT 'semi;colon', y TEXT DEFAULT 'it''s'); /* block; comment */
INSERT INTO [c;d] VALUES (\`e;f\`);
CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE x SET y = 1; DELETE FROM z; END;
  ;
SELECT 1`;
  assert.deepEqual(splitStatements(sql), [
    `CREATE TABLE "a;b" (x TEXT DEFAULT 'semi;colon', y TEXT DEFAULT 'it''s')`,
    'INSERT INTO [c;d] VALUES (`e;f`)',
    'CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE x SET y = 1; DELETE FROM z; END',
    'SELECT 1',
  ]);
  assert.throws(() => splitStatements("SELECT 'open"), /unterminated/);
});

test('the SQLite adapter binds as D1 does: booleans as 1/0, undefined refused', async () => {
  const db = new SqliteDatabase(':memory:');
  try {
    assert.deepEqual(await db.prepare('SELECT ? AS t, ? AS f').bind(true, false).first(), { t: 1, f: 0 });
    assert.throws(() => db.prepare('SELECT ?').bind(undefined), /undefined/);
    assert.throws(() => db.prepare('SELECT ?').bind({}), /encode it first/);
  } finally {
    db.close();
  }
});

test('afterReady(): statements wait for migrations and fail with their error', async () => {
  const db = new SqliteDatabase(':memory:');
  try {
    const ready = afterReady(migrate(db, MIGRATIONS), db);
    assert.equal(((await ready.prepare('SELECT COUNT(*) AS n FROM d1_migrations').first()) as { n: number }).n, 6);
    const broken = afterReady(Promise.reject(new Error('disk on fire')), db);
    await assert.rejects(broken.prepare('SELECT 1').first(), /disk on fire/);
    await assert.rejects(broken.batch([broken.prepare('SELECT 1')]), /disk on fire/);
  } finally {
    db.close();
  }
});

describe('the SQLite file across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgetune-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('every row and every queue lease is still there; a second process shares them', async () => {
    const path = join(dir, 'edgetune.sqlite');
    const first = openMigratedSqlite(path);
    assert.deepEqual(await first.ready, MIGRATIONS.map((m) => m.id));
    const m = sqlMetadata(first.db);
    const q = sqlJobQueue(first.db);
    await tenants(m, 'A', 'B');
    await m.keys.insert({ id: 'k1', tenant_id: 'A', name: 'n', salt: 's', hash: 'h', scopes: ['admin'], created_at: 1, last_used_at: null, revoked_at: null });
    await m.jobs.insert(job('j1', 'A', { status: 'running', progress: { step: 2 } }));
    await m.events.append('A', 'j1', { level: 'info', type: 'metrics', message: 'm', data: { loss: 0.5 } }, 3);
    const { adapter } = await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 1, version: version('v1'), aliases: ['latest'] });
    await m.adapters.setSplit('A', adapter.id, [{ target: 'latest', weight: 1 }], 2);
    await m.hooks.insert({ id: 'h1', tenant_id: 'A', name: 'h', secret: 's', recipe: { a: [1] }, created_at: 1, schedule: '0 3 * * *', on_drift: true, publish: { alias: 'prod', traffic_share: 0.2 }, last_fired_at: null });
    await m.hooks.claimDelivery({ hook_id: 'h1', delivery_id: 'd1', tenant_id: 'A', job_id: 'j1', received_at: 5 });
    await q.enqueue({ jobId: 'j1', tenantId: 'A', now: 0 });
    await q.enqueue({ jobId: 'j2', tenantId: 'A', now: 1 });
    const lease = (await q.lease({ runnerId: 'r', ttlMs: 60_000, now: 10 }))!;

    // a second connection (another process) sees the lease and cannot take the leased job
    const other = openMigratedSqlite(path);
    assert.deepEqual(await other.ready, []);
    assert.deepEqual(await sqlJobQueue(other.db).getLease(lease.id, 20), lease);
    other.close();

    const snapshot = async (mm: typeof m, qq: typeof q) => ({
      tenants: await mm.tenants.list(), keys: await mm.keys.list('A'), job: await mm.jobs.get('A', 'j1'), events: await mm.events.list('A', 'j1', { limit: 10 }),
      adapter: await mm.adapters.getByName('A', 'x'), versions: await mm.adapters.versions('A', adapter.id), aliases: await mm.adapters.aliases('A', adapter.id),
      split: await mm.adapters.getSplit('A', adapter.id), hooks: await mm.hooks.list('A'), deliveries: await mm.hooks.deliveries('A', 'h1'), queue: await qq.entries(),
    });
    const before = await snapshot(m, q);
    first.close();

    const reopened = openMigratedSqlite(path);
    assert.deepEqual(await reopened.ready, []);
    const m2 = sqlMetadata(reopened.db);
    const q2 = sqlJobQueue(reopened.db);
    assert.deepEqual(await snapshot(m2, q2), before);
    assert.equal(before.queue.length, 2);
    assert.deepEqual(await q2.getLease(lease.id, 20), lease);
    assert.equal((await q2.lease({ runnerId: 'r2', ttlMs: 1000, now: 20 }))?.jobId, 'j2');
    assert.equal(await q2.complete(lease.id), true);
    reopened.close();
  });
});
