// Completions served through adapters (with feedback), drift monitors per alias and their sampled
// traffic, and the evaluation scores of versions. Every read and write matches the tenant.
import type { TrackingRepo } from '../../../ports/metadata.ts';
import type { AliasMonitorRow, CompletionLogRow } from '../../../ports/rows.ts';
import { allRows, binder, firstRow, insertRow, insertStatement } from '../codec.ts';
import type { SqlDatabase } from '../database.ts';

export function trackingRepo(db: SqlDatabase): TrackingRepo {
  const q = binder(db);
  return {
    logCompletion: async (row) => {
      await insertRow(db, 'completion_log', row);
    },
    setFeedback: (tenantId, id, value) =>
      firstRow<CompletionLogRow>('completion_log', q('UPDATE completion_log SET feedback = ? WHERE id = ? AND tenant_id = ? RETURNING *', value, id, tenantId)),
    completions: (tenantId, adapterId) =>
      allRows('completion_log', q('SELECT * FROM completion_log WHERE tenant_id = ? AND adapter_id = ? ORDER BY created_at, rowid', tenantId, adapterId)),
    putMonitor: async (row) => {
      await db.batch([
        q('DELETE FROM alias_monitors WHERE adapter_id = ? AND alias = ? AND tenant_id = ?', row.adapter_id, row.alias, row.tenant_id),
        insertStatement(db, 'alias_monitors', row),
      ]);
      return (await firstRow<AliasMonitorRow>('alias_monitors', q('SELECT * FROM alias_monitors WHERE adapter_id = ? AND alias = ? AND tenant_id = ?', row.adapter_id, row.alias, row.tenant_id)))!;
    },
    getMonitor: (tenantId, adapterId, alias) =>
      firstRow('alias_monitors', q('SELECT * FROM alias_monitors WHERE tenant_id = ? AND adapter_id = ? AND alias = ?', tenantId, adapterId, alias)),
    monitors: (tenantId, adapterId) =>
      allRows('alias_monitors', q('SELECT * FROM alias_monitors WHERE tenant_id = ? AND adapter_id = ? ORDER BY alias', tenantId, adapterId)),
    dueChecks: (now) =>
      allRows('alias_monitors', q('SELECT * FROM alias_monitors WHERE check_every_s IS NOT NULL AND COALESCE(last_checked_at, updated_at) + check_every_s * 1000 <= ? ORDER BY tenant_id, adapter_id, alias', now)),
    markChecked: async (tenantId, adapterId, alias, prev, now) =>
      (await q('UPDATE alias_monitors SET last_checked_at = ? WHERE tenant_id = ? AND adapter_id = ? AND alias = ? AND last_checked_at IS ? RETURNING alias', now, tenantId, adapterId, alias, prev).first()) !== null,
    setDrifting: async (tenantId, adapterId, alias, drifting, now) => {
      const before = await firstRow<AliasMonitorRow>('alias_monitors', q('SELECT * FROM alias_monitors WHERE tenant_id = ? AND adapter_id = ? AND alias = ?', tenantId, adapterId, alias));
      if (!before) return null;
      await q('UPDATE alias_monitors SET drifting = ?, updated_at = ?, last_checked_at = ? WHERE tenant_id = ? AND adapter_id = ? AND alias = ?', drifting ? 1 : 0, now, now, tenantId, adapterId, alias).run();
      return before.drifting;
    },
    addSample: async (row, keep) => {
      const alias = [row.tenant_id, row.adapter_id, row.alias];
      const where = 'tenant_id = ? AND adapter_id = ? AND alias = ?';
      await db.batch([
        insertStatement(db, 'traffic_samples', row),
        q(`DELETE FROM traffic_samples WHERE ${where} AND rowid NOT IN (SELECT rowid FROM traffic_samples WHERE ${where} ORDER BY created_at DESC, rowid DESC LIMIT ?)`, ...alias, ...alias, keep),
      ]);
    },
    samples: (tenantId, adapterId, alias, limit) =>
      allRows('traffic_samples', q('SELECT * FROM traffic_samples WHERE tenant_id = ? AND adapter_id = ? AND alias = ? ORDER BY created_at DESC, rowid DESC LIMIT ?', tenantId, adapterId, alias, limit)),
    putEval: async (row) => {
      await db.batch([
        q('DELETE FROM version_evals WHERE version_id = ? AND eval_dataset = ? AND tenant_id = ?', row.version_id, row.eval_dataset, row.tenant_id),
        insertStatement(db, 'version_evals', row),
      ]);
    },
    evals: (tenantId, adapterId) =>
      allRows('version_evals', q('SELECT * FROM version_evals WHERE tenant_id = ? AND adapter_id = ? ORDER BY version, eval_dataset', tenantId, adapterId)),
  };
}
