import type { HookRepo, WebhookRepo } from '../../../ports/metadata.ts';
import type { HookDeliveryRow, HookRow, WebhookDeliveryRow, WebhookRow } from '../../../ports/rows.ts';
import type { TableDb } from '../table-db.ts';

type H = HookRow;
type HD = HookDeliveryRow;
type W = WebhookRow;
type WD = WebhookDeliveryRow;

export function hookRepo(db: TableDb): HookRepo {
  const get = (id: string) => db.read((tx) => tx.get<H>('hooks', { id })) ?? null;
  return {
    insert: async (row) => db.write((tx) => tx.insert('hooks', row)),
    get: async (tenantId, id) => {
      const row = get(id);
      return row && row.tenant_id === tenantId ? row : null;
    },
    getPublic: async (id) => get(id),
    list: async (tenantId) => db.read((tx) => tx.select<H>('hooks', { tenant_id: tenantId })).sort((a, b) => a.created_at - b.created_at),
    delete: async (tenantId, id) =>
      db.write((tx) => {
        const row = tx.get<H>('hooks', { id });
        if (!row || row.tenant_id !== tenantId) return false;
        for (const d of tx.select<HD>('hook_deliveries', { hook_id: id })) tx.delete('hook_deliveries', { hook_id: id, delivery_id: d.delivery_id });
        return tx.delete('hooks', { id });
      }),
    claimDelivery: async (row) =>
      db.write((tx) => {
        if (tx.get('hook_deliveries', { hook_id: row.hook_id, delivery_id: row.delivery_id })) return false;
        tx.insert('hook_deliveries', row);
        return true;
      }),
    releaseDelivery: async (hookId, deliveryId) => {
      db.write((tx) => tx.delete('hook_deliveries', { hook_id: hookId, delivery_id: deliveryId }));
    },
    attachJob: async (hookId, deliveryId, jobId) => {
      db.write((tx) => tx.update<HD>('hook_deliveries', { hook_id: hookId, delivery_id: deliveryId }, { job_id: jobId }));
    },
    purgeDeliveries: async (before) =>
      db.write((tx) => {
        const old = tx.select<HD>('hook_deliveries', (d) => d.received_at < before);
        for (const d of old) tx.delete('hook_deliveries', { hook_id: d.hook_id, delivery_id: d.delivery_id });
        return old.length;
      }),
    deliveries: async (tenantId, hookId) =>
      db.read((tx) => tx.select<HD>('hook_deliveries', { hook_id: hookId, tenant_id: tenantId })).sort((a, b) => b.received_at - a.received_at),
  };
}

export function webhookRepo(db: TableDb): WebhookRepo {
  return {
    insert: async (row) => db.write((tx) => tx.insert('webhooks', row)),
    get: async (tenantId, id) => {
      const row = db.read((tx) => tx.get<W>('webhooks', { id }));
      return row && row.tenant_id === tenantId ? row : null;
    },
    list: async (tenantId) => db.read((tx) => tx.select<W>('webhooks', { tenant_id: tenantId })).sort((a, b) => a.created_at - b.created_at),
    delete: async (tenantId, id) =>
      db.write((tx) => {
        const row = tx.get<W>('webhooks', { id });
        if (!row || row.tenant_id !== tenantId) return false;
        for (const d of tx.select<WD>('webhook_deliveries', { webhook_id: id })) tx.delete('webhook_deliveries', { id: d.id });
        return tx.delete('webhooks', { id });
      }),
    subscribers: async (tenantId, event) => db.read((tx) => tx.select<W>('webhooks', (w) => w.tenant_id === tenantId && (w.events.includes(event) || w.events.includes('*')))),
    insertDelivery: async (row) => db.write((tx) => tx.insert('webhook_deliveries', row)),
    updateDelivery: async (id, patch) => db.write((tx) => tx.update<WD>('webhook_deliveries', { id }, patch as Partial<WD>)) ?? null,
    due: async (now, limit) =>
      db.read((tx) => tx.select<WD>('webhook_deliveries', (d) => d.status === 'pending' && (d.next_attempt_at ?? 0) <= now))
        .sort((a, b) => (a.next_attempt_at ?? 0) - (b.next_attempt_at ?? 0) || a.created_at - b.created_at)
        .slice(0, limit),
    deliveries: async (tenantId, webhookId, limit) =>
      db.read((tx) => tx.select<WD>('webhook_deliveries', { webhook_id: webhookId, tenant_id: tenantId }))
        .sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1))
        .slice(0, limit),
  };
}
