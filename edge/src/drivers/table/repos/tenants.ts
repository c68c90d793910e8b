import type { ApiKeyRepo, TenantRepo } from '../../../ports/metadata.ts';
import type { ApiKeyRow, TenantRow } from '../../../ports/rows.ts';
import type { TableDb } from '../table-db.ts';

export function tenantRepo(db: TableDb): TenantRepo {
  return {
    create: async (row) => db.write((tx) => tx.insert('tenants', row)),
    get: async (id) => db.read((tx) => tx.get<TenantRow>('tenants', { id })) ?? null,
    root: async () => db.read((tx) => tx.select<TenantRow>('tenants', { is_root: true })[0]) ?? null,
    list: async () => db.read((tx) => tx.select<TenantRow>('tenants')).sort((a, b) => a.created_at - b.created_at),
  };
}

type KeyRow = ApiKeyRow;

export function apiKeyRepo(db: TableDb): ApiKeyRepo {
  return {
    insert: async (row) => db.write((tx) => tx.insert('api_keys', row)),
    getForAuth: async (id) => db.read((tx) => tx.get<KeyRow>('api_keys', { id })) ?? null,
    list: async (tenantId) => db.read((tx) => tx.select<KeyRow>('api_keys', { tenant_id: tenantId })).sort((a, b) => a.created_at - b.created_at),
    revoke: async (tenantId, id, now) =>
      db.write((tx) => {
        const row = tx.get<KeyRow>('api_keys', { id });
        if (!row || row.tenant_id !== tenantId) return null;
        return tx.update<KeyRow>('api_keys', { id }, { revoked_at: row.revoked_at ?? now }) ?? null;
      }),
    touch: async (id, now) => {
      db.write((tx) => tx.update<KeyRow>('api_keys', { id }, { last_used_at: now }));
    },
  };
}
