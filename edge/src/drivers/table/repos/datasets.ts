import { EdgetuneError } from '../../../errors/index.ts';
import type { DatasetRepo } from '../../../ports/metadata.ts';
import { TERMINAL, type DatasetRow, type JobRow } from '../../../ports/rows.ts';
import type { TableDb } from '../table-db.ts';
import { newestFirst, paginate } from './paginate.ts';

type Row = DatasetRow;

export function datasetRepo(db: TableDb): DatasetRepo {
  return {
    insert: async (row) => db.write((tx) => tx.insert('datasets', row)),
    get: async (tenantId, id) => {
      const row = db.read((tx) => tx.get<Row>('datasets', { id }));
      return row && row.tenant_id === tenantId ? row : null;
    },
    list: async (tenantId, page) => paginate(db.read((tx) => tx.select<Row>('datasets', { tenant_id: tenantId })).sort(newestFirst), page),
    delete: async (tenantId, id) =>
      db.write((tx) => {
        const row = tx.get<Row>('datasets', { id });
        if (!row || row.tenant_id !== tenantId) return null;
        const users = tx.select<JobRow>('jobs', (j) =>
          j.tenant_id === tenantId && (j.training_file === id || j.validation_file === id) && !TERMINAL.includes(j.status));
        if (users.length > 0) throw new EdgetuneError('conflict', `dataset '${id}' is used by job '${users[0]!.id}', which has not finished`);
        tx.delete('datasets', { id });
        return row;
      }),
  };
}
