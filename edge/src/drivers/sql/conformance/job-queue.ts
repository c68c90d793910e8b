// The JobQueue port's conformance suite, run over every SQL driver (job-queue.test.ts).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { JobQueue } from '../../../ports/job-queue.ts';
import { sqlJobQueue } from '../job-queue.ts';
import { migrate } from '../migrate.ts';
import { readMigrations } from '../read-migrations.ts';
import type { SqlDriver } from './drivers.ts';

const TTL = 1000;

export function describeJobQueue(makeDriver: () => SqlDriver): void {
  const driver = makeDriver();
  const migrations = readMigrations();
  const fresh = async (): Promise<JobQueue> => {
    const db = await driver.open();
    await migrate(db, migrations);
    return sqlJobQueue(db);
  };

  describe(`job queue over ${driver.name}`, () => {
    after(() => driver.dispose());

    test('FIFO leasing, one lease per job, tenant filter', async () => {
      const q = await fresh();
      await q.enqueue({ jobId: 'j1', tenantId: 'a', now: 0 });
      await q.enqueue({ jobId: 'j2', tenantId: 'b', now: 1 });
      await q.enqueue({ jobId: 'j3', tenantId: 'c', now: 1 });
      await q.enqueue({ jobId: 'j1', tenantId: 'a', now: 2 }); // already queued: no-op
      assert.deepEqual((await q.entries()).map((e) => [e.jobId, e.enqueuedAt]), [['j1', 0], ['j2', 1], ['j3', 1]]);
      assert.equal(await q.lease({ runnerId: 'r', ttlMs: TTL, now: 10, tenantIds: [] }), null);
      const onlyBc = await q.lease({ runnerId: 'r', ttlMs: TTL, now: 10, tenantIds: ['c', 'b'] });
      assert.equal(onlyBc?.jobId, 'j2');
      const l1 = await q.lease({ runnerId: 'r', ttlMs: TTL, now: 10 });
      assert.deepEqual(l1, { id: l1!.id, jobId: 'j1', tenantId: 'a', runnerId: 'r', expiresAt: 10 + TTL, attempt: 1 });
      assert.equal((await q.lease({ runnerId: 'r', ttlMs: TTL, now: 10 }))?.jobId, 'j3');
      assert.equal(await q.lease({ runnerId: 'r', ttlMs: TTL, now: 10 }), null);
      const entry = (await q.entries()).find((e) => e.jobId === 'j1');
      assert.deepEqual(entry, { jobId: 'j1', tenantId: 'a', availableAt: 0, attempts: 1, enqueuedAt: 0, lease: l1 });
    });

    test('concurrent lease calls never hand out one job twice', async () => {
      const q = await fresh();
      for (let i = 0; i < 5; i++) await q.enqueue({ jobId: `j${i}`, tenantId: 'a', now: i });
      const leases = await Promise.all(Array.from({ length: 8 }, (_, i) => q.lease({ runnerId: `r${i}`, ttlMs: TTL, now: 10 })));
      const got = leases.filter((l) => l !== null).map((l) => l!.jobId).sort();
      assert.deepEqual(got, ['j0', 'j1', 'j2', 'j3', 'j4']);
    });

    test('heartbeat extends; an expired lease is lost and the job is leased again', async () => {
      const q = await fresh();
      await q.enqueue({ jobId: 'j', tenantId: 'a', now: 0 });
      const l = (await q.lease({ runnerId: 'r1', ttlMs: TTL, now: 0 }))!;
      assert.deepEqual(await q.heartbeat(l.id, TTL, 900), { ...l, expiresAt: 1900 });
      assert.deepEqual(await q.getLease(l.id, 1899), { ...l, expiresAt: 1900 });
      assert.equal(await q.lease({ runnerId: 'r2', ttlMs: TTL, now: 1500 }), null); // still held
      assert.equal(await q.heartbeat(l.id, TTL, 1900), null); // expired exactly at expiresAt
      assert.equal(await q.getLease(l.id, 1900), null);
      // an expired lease stays until expire() hands it over, so the caller can requeue or fail the job
      assert.equal(await q.lease({ runnerId: 'r2', ttlMs: TTL, now: 1950 }), null);
      assert.deepEqual(await q.expire(1900), [{ ...l, expiresAt: 1900 }]);
      assert.deepEqual(await q.expire(1900), []);
      const again = (await q.lease({ runnerId: 'r2', ttlMs: TTL, now: 2000 }))!;
      assert.equal(again.attempt, 2);
      assert.notEqual(again.id, l.id);
      assert.equal(await q.complete(l.id), false); // the old lease cannot complete
      assert.equal(await q.release(l.id, 0), false);
      assert.equal(await q.complete(again.id), true);
      assert.equal(await q.complete(again.id), false);
      assert.deepEqual(await q.entries(), []);
    });

    test('release requeues after a delay keeping its place; remove drops the job', async () => {
      const q = await fresh();
      await q.enqueue({ jobId: 'j', tenantId: 'a', now: 0 });
      await q.enqueue({ jobId: 'k', tenantId: 'a', now: 1, availableAt: 300 });
      const l = (await q.lease({ runnerId: 'r', ttlMs: TTL, now: 0 }))!;
      assert.equal(await q.release(l.id, 500), true);
      assert.deepEqual((await q.entries())[0], { jobId: 'j', tenantId: 'a', availableAt: 500, attempts: 1, enqueuedAt: 0, lease: null });
      assert.equal(await q.lease({ runnerId: 'r', ttlMs: TTL, now: 299 }), null);
      assert.equal((await q.lease({ runnerId: 'r', ttlMs: TTL, now: 499 }))?.jobId, 'k');
      assert.deepEqual(await q.lease({ runnerId: 'r', ttlMs: TTL, now: 500 }).then((x) => [x?.jobId, x?.attempt]), ['j', 2]);
      assert.equal(await q.remove('j'), true);
      assert.equal(await q.remove('j'), false);
      assert.deepEqual((await q.entries()).map((e) => e.jobId), ['k']);
    });
  });
}
