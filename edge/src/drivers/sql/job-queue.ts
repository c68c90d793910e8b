// The JobQueue port over SQL (table job_queue, migration 0003): leases live in the database, so
// every Worker isolate or Node process sees the same ones and they survive a restart. Each method
// is a single statement (leasing is a compare-and-set UPDATE … RETURNING) or one batch.
//
// lease() takes only entries without a lease: an expired lease stays on its entry until expire()
// clears it and hands it to the caller, who decides between requeueing and failing the job. (Were
// lease() to take it over silently, that decision would be skipped and the job left `running`.)
import type { JobQueue, Lease, QueueEntry } from '../../ports/job-queue.ts';
import { newId } from '../../util/ids.ts';
import { binder } from './codec.ts';
import type { SqlDatabase } from './database.ts';

interface QueueRow {
  job_id: string;
  tenant_id: string;
  enqueued_at: number;
  available_at: number;
  attempts: number;
  lease_id: string | null;
  runner_id: string | null;
  lease_expires_at: number | null;
}

const FIFO = 'ORDER BY enqueued_at, rowid';
const CLEAR_LEASE = 'lease_id = NULL, runner_id = NULL, lease_expires_at = NULL';

function leaseOf(r: QueueRow): Lease | null {
  if (r.lease_id === null) return null;
  return { id: r.lease_id, jobId: r.job_id, tenantId: r.tenant_id, runnerId: r.runner_id!, expiresAt: r.lease_expires_at!, attempt: r.attempts };
}

function entryOf(r: QueueRow): QueueEntry {
  return { jobId: r.job_id, tenantId: r.tenant_id, availableAt: r.available_at, attempts: r.attempts, enqueuedAt: r.enqueued_at, lease: leaseOf(r) };
}

export function sqlJobQueue(db: SqlDatabase): JobQueue {
  const q = binder(db);
  const one = async (sql: string, ...args: unknown[]) => q(sql, ...args).first<QueueRow>();
  return {
    enqueue: async (e) => {
      await q(`INSERT INTO job_queue (job_id, tenant_id, enqueued_at, available_at, attempts) VALUES (?, ?, ?, ?, 0)
               ON CONFLICT (job_id) DO NOTHING`, e.jobId, e.tenantId, e.now, e.availableAt ?? e.now).run();
    },
    lease: async (req) => {
      const tenants = req.tenantIds ? ' AND tenant_id IN (SELECT value FROM json_each(?))' : '';
      const row = await one(
        `UPDATE job_queue SET lease_id = ?, runner_id = ?, lease_expires_at = ?, attempts = attempts + 1
         WHERE rowid = (SELECT rowid FROM job_queue WHERE lease_id IS NULL AND available_at <= ?${tenants} ${FIFO} LIMIT 1)
         RETURNING *`,
        newId('lease'), req.runnerId, req.now + req.ttlMs, req.now, ...(req.tenantIds ? [JSON.stringify(req.tenantIds)] : []),
      );
      return row ? leaseOf(row) : null;
    },
    heartbeat: async (leaseId, ttlMs, now) => {
      const row = await one('UPDATE job_queue SET lease_expires_at = ? WHERE lease_id = ? AND lease_expires_at > ? RETURNING *', now + ttlMs, leaseId, now);
      return row ? leaseOf(row) : null;
    },
    getLease: async (leaseId, now) => {
      const row = await one('SELECT * FROM job_queue WHERE lease_id = ? AND lease_expires_at > ?', leaseId, now);
      return row ? leaseOf(row) : null;
    },
    complete: async (leaseId) => (await one('DELETE FROM job_queue WHERE lease_id = ? RETURNING job_id', leaseId)) !== null,
    release: async (leaseId, availableAt) =>
      (await one(`UPDATE job_queue SET ${CLEAR_LEASE}, available_at = ? WHERE lease_id = ? RETURNING job_id`, availableAt, leaseId)) !== null,
    remove: async (jobId) => (await one('DELETE FROM job_queue WHERE job_id = ? RETURNING job_id', jobId)) !== null,
    expire: async (now) => {
      // RETURNING shows the new values, so the expired leases are read in the same transaction
      const expired = 'lease_id IS NOT NULL AND lease_expires_at <= ?';
      const [found] = await db.batch<QueueRow>([
        q(`SELECT * FROM job_queue WHERE ${expired} ${FIFO}`, now),
        q(`UPDATE job_queue SET ${CLEAR_LEASE} WHERE ${expired}`, now),
      ]);
      return found!.results.map((r) => leaseOf(r)!);
    },
    entries: async () => (await q(`SELECT * FROM job_queue ${FIFO}`).all<QueueRow>()).results.map(entryOf),
  };
}
