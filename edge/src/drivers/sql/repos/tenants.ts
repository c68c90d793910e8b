// Tenants and API keys. Ties in created_at keep insertion order (rowid).
import type { ApiKeyRepo, TenantRepo } from '../../../ports/metadata.ts';
import type { ApiKeyRow, TenantRow } from '../../../ports/rows.ts';
import { allRows, binder, firstRow, insertRow } from '../codec.ts';
import type { SqlDatabase } from '../database.ts';

export function tenantRepo(db: SqlDatabase): TenantRepo {
  const q = binder(db);
  return {
    create: (row) => insertRow(db, 'tenants', row),
    get: (id) => firstRow('tenants', q('SELECT * FROM tenants WHERE id = ?', id)),
    root: () => firstRow('tenants', q('SELECT * FROM tenants WHERE is_root = 1 ORDER BY created_at, rowid LIMIT 1')),
    list: () => allRows('tenants', q('SELECT * FROM tenants ORDER BY created_at, rowid')),
  };
}

export function apiKeyRepo(db: SqlDatabase): ApiKeyRepo {
  const q = binder(db);
  return {
    insert: (row) => insertRow(db, 'api_keys', row),
    getForAuth: (id) => firstRow('api_keys', q('SELECT * FROM api_keys WHERE id = ?', id)),
    list: (tenantId) => allRows('api_keys', q('SELECT * FROM api_keys WHERE tenant_id = ? ORDER BY created_at, rowid', tenantId)),
    // revoking twice keeps the first time
    revoke: (tenantId, id, now) =>
      firstRow<ApiKeyRow>('api_keys', q('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND tenant_id = ? RETURNING *', now, id, tenantId)),
    touch: async (id, now) => {
      await q('UPDATE api_keys SET last_used_at = ? WHERE id = ?', now, id).run();
    },
  };
}
