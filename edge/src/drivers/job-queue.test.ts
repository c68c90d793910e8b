import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { JobQueue } from '../ports/job-queue.ts';
import { MemoryJobQueue } from './memory/job-queue.ts';
import { openJsonQueue } from './node/job-queue.ts';

const tmp = mkdtempSync(join(tmpdir(), 'edgetune-queue-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const TTL = 1000;

const drivers: [string, () => JobQueue][] = [
  ['memory', () => new MemoryJobQueue()],
  ['json file', () => openJsonQueue(join(tmp, `q${n++}.json`))],
];

for (const [name, make] of drivers) {
  describe(`${name} queue`, () => {
    test('FIFO leasing, one lease per job, tenant filter', async () => {
      const q = make();
      await q.enqueue({ jobId: 'j1', tenantId: 'a', now: 0 });
      await q.enqueue({ jobId: 'j2', tenantId: 'b', now: 1 });
      await q.enqueue({ jobId: 'j1', tenantId: 'a', now: 2 }); // already queued: no-op
      assert.equal((await q.entries()).length, 2);
      const onlyB = await q.lease({ runnerId: 'r', ttlMs: TTL, now: 10, tenantIds: ['b'] });
      assert.equal(onlyB?.jobId, 'j2');
      const l1 = await q.lease({ runnerId: 'r', ttlMs: TTL, now: 10 });
      assert.equal(l1?.jobId, 'j1');
      assert.equal(l1?.attempt, 1);
      assert.equal(await q.lease({ runnerId: 'r', ttlMs: TTL, now: 10 }), null);
    });

    test('heartbeat extends; an expired lease is lost and the job is leased again', async () => {
      const q = make();
      await q.enqueue({ jobId: 'j', tenantId: 'a', now: 0 });
      const l = (await q.lease({ runnerId: 'r1', ttlMs: TTL, now: 0 }))!;
      assert.equal((await q.heartbeat(l.id, TTL, 900))?.expiresAt, 1900);
      assert.equal(await q.lease({ runnerId: 'r2', ttlMs: TTL, now: 1500 }), null); // still held
      assert.equal(await q.heartbeat(l.id, TTL, 1900), null); // expired exactly at expiresAt
      assert.deepEqual((await q.expire(1900)).map((x) => x.id), [l.id]);
      const again = (await q.lease({ runnerId: 'r2', ttlMs: TTL, now: 2000 }))!;
      assert.equal(again.attempt, 2);
      assert.notEqual(again.id, l.id);
      assert.equal(await q.complete(l.id), false); // the old lease cannot complete
      assert.equal(await q.complete(again.id), true);
      assert.deepEqual(await q.entries(), []);
    });

    test('release requeues after a delay; remove drops the job', async () => {
      const q = make();
      await q.enqueue({ jobId: 'j', tenantId: 'a', now: 0 });
      const l = (await q.lease({ runnerId: 'r', ttlMs: TTL, now: 0 }))!;
      assert.equal(await q.release(l.id, 500), true);
      assert.equal(await q.lease({ runnerId: 'r', ttlMs: TTL, now: 499 }), null);
      assert.ok(await q.lease({ runnerId: 'r', ttlMs: TTL, now: 500 }));
      assert.equal(await q.remove('j'), true);
      assert.equal(await q.remove('j'), false);
    });
  });
}

test('the json queue survives a restart, leases included', async () => {
  const path = join(tmp, 'restart.json');
  const q = openJsonQueue(path);
  await q.enqueue({ jobId: 'j1', tenantId: 'a', now: 0 });
  await q.enqueue({ jobId: 'j2', tenantId: 'a', now: 0 });
  const l = (await q.lease({ runnerId: 'r', ttlMs: TTL, now: 0 }))!;
  const reopened = openJsonQueue(path);
  assert.deepEqual(await reopened.getLease(l.id, 10), l);
  assert.equal((await reopened.lease({ runnerId: 'r', ttlMs: TTL, now: 10 }))?.jobId, 'j2');
});
