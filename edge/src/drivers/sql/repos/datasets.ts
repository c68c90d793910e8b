// Datasets, newest first. Deleting one is refused (409) while an unfinished job uses it; the
// check and the delete are one statement, and the batch around it says which case it was.
import { conflict } from '../../../errors/index.ts';
import type { DatasetRepo } from '../../../ports/metadata.ts';
import { TERMINAL, type DatasetRow } from '../../../ports/rows.ts';
import { allRows, decode, firstRow, insertRow } from '../codec.ts';
import type { SqlDatabase } from '../database.ts';
import { pageOf } from './page.ts';

const terminal = TERMINAL.map((s) => `'${s}'`).join(', ');
const USERS = `SELECT id FROM jobs WHERE tenant_id = ? AND (training_file = ? OR validation_file = ?) AND status NOT IN (${terminal})`;

export function datasetRepo(db: SqlDatabase): DatasetRepo {
  return {
    insert: (row) => insertRow(db, 'datasets', row),
    get: (tenantId, id) => firstRow('datasets', db.prepare('SELECT * FROM datasets WHERE id = ? AND tenant_id = ?').bind(id, tenantId)),
    list: async (tenantId, page) => {
      const rows = await allRows<DatasetRow>('datasets', db.prepare(
        page.after === undefined
          ? 'SELECT * FROM datasets WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT ?'
          : `SELECT * FROM datasets WHERE tenant_id = ?
               AND (created_at, id) < (SELECT created_at, id FROM datasets WHERE id = ? AND tenant_id = ?)
             ORDER BY created_at DESC, id DESC LIMIT ?`,
      ).bind(...(page.after === undefined ? [tenantId] : [tenantId, page.after, tenantId]), page.limit + 1));
      return pageOf(rows, page.limit);
    },
    delete: async (tenantId, id) => {
      const [found, users, deleted] = await db.batch<Record<string, unknown>>([
        db.prepare('SELECT id FROM datasets WHERE id = ? AND tenant_id = ?').bind(id, tenantId),
        db.prepare(`${USERS} ORDER BY created_at LIMIT 1`).bind(tenantId, id, id),
        db.prepare(`DELETE FROM datasets WHERE id = ? AND tenant_id = ? AND NOT EXISTS (${USERS}) RETURNING *`).bind(id, tenantId, tenantId, id, id),
      ]);
      const row = deleted!.results[0];
      if (row) return decode<DatasetRow>('datasets', row);
      const user = users!.results[0];
      if (found!.results.length > 0 && user) throw conflict(`dataset '${id}' is used by job '${user.id as string}', which has not finished`);
      return null;
    },
  };
}
