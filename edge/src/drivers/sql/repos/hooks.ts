// Inbound hooks with their delivery-id claims (a primary key, so a replayed delivery id loses the
// INSERT), and outbound webhooks with their delivery log and the dispatcher's queue.
import type { HookRepo, WebhookRepo } from '../../../ports/metadata.ts';
import type { WebhookDeliveryRow } from '../../../ports/rows.ts';
import { allRows, binder, firstRow, insertRow, setClause, unique } from '../codec.ts';
import type { SqlDatabase } from '../database.ts';

export function hookRepo(db: SqlDatabase): HookRepo {
  const q = binder(db);
  return {
    insert: (row) => insertRow(db, 'hooks', row),
    get: (tenantId, id) => firstRow('hooks', q('SELECT * FROM hooks WHERE id = ? AND tenant_id = ?', id, tenantId)),
    getPublic: (id) => firstRow('hooks', q('SELECT * FROM hooks WHERE id = ?', id)),
    list: (tenantId) => allRows('hooks', q('SELECT * FROM hooks WHERE tenant_id = ? ORDER BY created_at, rowid', tenantId)),
    delete: async (tenantId, id) => {
      const [, deleted] = await db.batch([
        q('DELETE FROM hook_deliveries WHERE hook_id = ? AND EXISTS (SELECT 1 FROM hooks WHERE id = ? AND tenant_id = ?)', id, id, tenantId),
        q('DELETE FROM hooks WHERE id = ? AND tenant_id = ? RETURNING id', id, tenantId),
      ]);
      return deleted!.results.length > 0;
    },
    claimDelivery: async (row) => {
      const claimed = await q(
        `INSERT INTO hook_deliveries (hook_id, delivery_id, tenant_id, job_id, received_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (hook_id, delivery_id) DO NOTHING RETURNING hook_id`,
        row.hook_id, row.delivery_id, row.tenant_id, row.job_id ?? null, row.received_at,
      ).first();
      return claimed !== null;
    },
    releaseDelivery: async (hookId, deliveryId) => {
      await q('DELETE FROM hook_deliveries WHERE hook_id = ? AND delivery_id = ?', hookId, deliveryId).run();
    },
    attachJob: async (hookId, deliveryId, jobId) => {
      await q('UPDATE hook_deliveries SET job_id = ? WHERE hook_id = ? AND delivery_id = ?', jobId, hookId, deliveryId).run();
    },
    purgeDeliveries: async (before) => (await q('DELETE FROM hook_deliveries WHERE received_at < ?', before).run()).meta.changes,
    deliveries: (tenantId, hookId) =>
      allRows('hook_deliveries', q('SELECT * FROM hook_deliveries WHERE hook_id = ? AND tenant_id = ? ORDER BY received_at DESC, rowid', hookId, tenantId)),
    scheduled: () => allRows('hooks', q('SELECT * FROM hooks WHERE schedule IS NOT NULL ORDER BY created_at, rowid')),
    markFired: async (id, previous, now) =>
      (await q('UPDATE hooks SET last_fired_at = ? WHERE id = ? AND last_fired_at IS ?', now, id, previous).run()).meta.changes > 0,
  };
}

export function webhookRepo(db: SqlDatabase): WebhookRepo {
  const q = binder(db);
  return {
    insert: (row) => insertRow(db, 'webhooks', row),
    get: (tenantId, id) => firstRow('webhooks', q('SELECT * FROM webhooks WHERE id = ? AND tenant_id = ?', id, tenantId)),
    list: (tenantId) => allRows('webhooks', q('SELECT * FROM webhooks WHERE tenant_id = ? ORDER BY created_at, rowid', tenantId)),
    delete: async (tenantId, id) => {
      const [, deleted] = await db.batch([
        q('DELETE FROM webhook_deliveries WHERE webhook_id = ? AND EXISTS (SELECT 1 FROM webhooks WHERE id = ? AND tenant_id = ?)', id, id, tenantId),
        q('DELETE FROM webhooks WHERE id = ? AND tenant_id = ? RETURNING id', id, tenantId),
      ]);
      return deleted!.results.length > 0;
    },
    subscribers: (tenantId, event) =>
      allRows('webhooks', q(`SELECT * FROM webhooks w WHERE tenant_id = ?
        AND EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value IN (?, '*')) ORDER BY rowid`, tenantId, event)),
    insertDelivery: (row) => insertRow(db, 'webhook_deliveries', row),
    updateDelivery: (id, patch) => {
      const set = setClause('webhook_deliveries', patch, ['id']);
      return unique(() => firstRow<WebhookDeliveryRow>('webhook_deliveries', set.sql
        ? q(`UPDATE webhook_deliveries SET ${set.sql} WHERE id = ? RETURNING *`, ...set.values, id)
        : q('SELECT * FROM webhook_deliveries WHERE id = ?', id)));
    },
    due: (now, limit) =>
      allRows('webhook_deliveries', q(`SELECT * FROM webhook_deliveries WHERE status = 'pending' AND COALESCE(next_attempt_at, 0) <= ?
        ORDER BY COALESCE(next_attempt_at, 0), created_at, rowid LIMIT ?`, now, limit)),
    deliveries: (tenantId, webhookId, limit) =>
      allRows('webhook_deliveries', q('SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT ?', webhookId, tenantId, limit)),
  };
}
