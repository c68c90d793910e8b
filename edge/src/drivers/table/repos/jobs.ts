import type { CheckpointRepo, JobEventRepo, JobRepo } from '../../../ports/metadata.ts';
import type { CheckpointRow, JobEventRow, JobRow } from '../../../ports/rows.ts';
import { newId } from '../../../util/ids.ts';
import type { TableDb } from '../table-db.ts';
import { newestFirst, paginate } from './paginate.ts';

type J = JobRow;
type E = JobEventRow;
type C = CheckpointRow;

export function jobRepo(db: TableDb): JobRepo {
  return {
    insert: async (row) => db.write((tx) => tx.insert('jobs', row)),
    get: async (tenantId, id) => {
      const row = db.read((tx) => tx.get<J>('jobs', { id }));
      return row && row.tenant_id === tenantId ? row : null;
    },
    getByLease: async (leaseId) => db.read((tx) => tx.select<J>('jobs', { lease_id: leaseId })[0]) ?? null,
    list: async (tenantId, page) => paginate(db.read((tx) => tx.select<J>('jobs', { tenant_id: tenantId })).sort(newestFirst), page),
    update: async (tenantId, id, patch, from) =>
      db.write((tx) => {
        const row = tx.get<J>('jobs', { id });
        if (!row || row.tenant_id !== tenantId) return null;
        if (from && !from.includes(row.status)) return null;
        return tx.update<J>('jobs', { id }, patch as Partial<J>) ?? null;
      }),
  };
}

export function jobEventRepo(db: TableDb): JobEventRepo {
  return {
    append: async (tenantId, jobId, event, now) =>
      db.write((tx) => {
        const seq = tx.select<E>('job_events', { job_id: jobId }).reduce((m, e) => Math.max(m, e.seq), 0) + 1;
        return tx.insert<E>('job_events', { id: newId('ftevent'), job_id: jobId, tenant_id: tenantId, seq, ...event, created_at: now });
      }),
    list: async (tenantId, jobId, page) => {
      const rows = db.read((tx) => tx.select<E>('job_events', { job_id: jobId, tenant_id: tenantId })).sort((a, b) => a.seq - b.seq);
      return paginate(rows, page);
    },
  };
}

export function checkpointRepo(db: TableDb): CheckpointRepo {
  return {
    record: async (row) =>
      db.write((tx) => {
        const prior = tx.select<C>('checkpoints', { job_id: row.job_id, step: row.step })[0];
        if (prior) tx.delete('checkpoints', { id: prior.id });
        return tx.insert<C>('checkpoints', row);
      }),
    list: async (tenantId, jobId) => db.read((tx) => tx.select<C>('checkpoints', { job_id: jobId, tenant_id: tenantId })).sort((a, b) => b.step - a.step),
  };
}
