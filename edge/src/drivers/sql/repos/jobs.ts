// Jobs (newest first, compare-and-set updates), their events (a per-job seq assigned inside the
// INSERT, so concurrent appends cannot share one) and checkpoints (one per step).
import type { CheckpointRepo, JobEventRepo, JobRepo } from '../../../ports/metadata.ts';
import type { CheckpointRow, JobEventRow, JobRow } from '../../../ports/rows.ts';
import { newId } from '../../../util/ids.ts';
import { allRows, binder, decode, encodeValue, firstRow, insertRow, insertStatement, setClause, unique } from '../codec.ts';
import type { SqlDatabase } from '../database.ts';
import { pageOf } from './page.ts';

export function jobRepo(db: SqlDatabase): JobRepo {
  const q = binder(db);
  return {
    insert: (row) => insertRow(db, 'jobs', row),
    get: (tenantId, id) => firstRow('jobs', q('SELECT * FROM jobs WHERE id = ? AND tenant_id = ?', id, tenantId)),
    getByLease: (leaseId) => firstRow('jobs', q('SELECT * FROM jobs WHERE lease_id = ? ORDER BY rowid LIMIT 1', leaseId)),
    list: async (tenantId, page) => {
      const rows = await allRows<JobRow>('jobs', page.after === undefined
        ? q('SELECT * FROM jobs WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT ?', tenantId, page.limit + 1)
        : q(`SELECT * FROM jobs WHERE tenant_id = ? AND (created_at, id) < (SELECT created_at, id FROM jobs WHERE id = ? AND tenant_id = ?)
             ORDER BY created_at DESC, id DESC LIMIT ?`, tenantId, page.after, tenantId, page.limit + 1));
      return pageOf(rows, page.limit);
    },
    update: (tenantId, id, patch, from) => {
      const set = setClause('jobs', patch, ['id', 'tenant_id']);
      // the status test sits in the UPDATE's WHERE: the check and the write are one step
      const where = `id = ? AND tenant_id = ?${from ? ' AND status IN (SELECT value FROM json_each(?))' : ''}`;
      const args = [id, tenantId, ...(from ? [JSON.stringify(from)] : [])];
      return unique(() => firstRow<JobRow>('jobs', set.sql
        ? q(`UPDATE jobs SET ${set.sql} WHERE ${where} RETURNING *`, ...set.values, ...args)
        : q(`SELECT * FROM jobs WHERE ${where}`, ...args)));
    },
  };
}

export function jobEventRepo(db: SqlDatabase): JobEventRepo {
  const q = binder(db);
  return {
    append: async (tenantId, jobId, event, now) => {
      const raw = await unique(() => q(
        `INSERT INTO job_events (id, job_id, tenant_id, seq, level, type, message, data, created_at)
         SELECT ?, ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ? FROM job_events WHERE job_id = ? RETURNING *`,
        newId('ftevent'), jobId, tenantId, event.level, event.type, event.message, encodeValue('job_events', 'data', event.data), now, jobId,
      ).first());
      return decode<JobEventRow>('job_events', raw!);
    },
    list: async (tenantId, jobId, page) => {
      const rows = await allRows<JobEventRow>('job_events', page.after === undefined
        ? q('SELECT * FROM job_events WHERE job_id = ? AND tenant_id = ? ORDER BY seq LIMIT ?', jobId, tenantId, page.limit + 1)
        : q(`SELECT * FROM job_events WHERE job_id = ? AND tenant_id = ?
               AND seq > (SELECT seq FROM job_events WHERE id = ? AND job_id = ? AND tenant_id = ?)
             ORDER BY seq LIMIT ?`, jobId, tenantId, page.after, jobId, tenantId, page.limit + 1));
      return pageOf(rows, page.limit);
    },
  };
}

export function checkpointRepo(db: SqlDatabase): CheckpointRepo {
  return {
    // a second record for the same step replaces the first (delete + insert in one transaction)
    record: async (row) => {
      const [, inserted] = await unique(() => db.batch<Record<string, unknown>>([
        db.prepare('DELETE FROM checkpoints WHERE job_id = ? AND step = ?').bind(row.job_id, row.step),
        insertStatement(db, 'checkpoints', row),
      ]));
      return decode<CheckpointRow>('checkpoints', inserted!.results[0]!);
    },
    list: (tenantId, jobId) =>
      allRows('checkpoints', db.prepare('SELECT * FROM checkpoints WHERE job_id = ? AND tenant_id = ? ORDER BY step DESC').bind(jobId, tenantId)),
  };
}
