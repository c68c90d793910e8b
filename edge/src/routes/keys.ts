// /v1/keys (admin of the tenant) and /v1/tenants (admin of the root tenant).
import { Hono } from 'hono';
import { mintKey } from '../auth/keys.ts';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors/index.ts';
import { readJson } from '../http/json-body.ts';
import { requireRoot, requireScope } from '../middleware/require-scope.ts';
import type { ApiKeyRow, TenantRow } from '../ports/rows.ts';
import { seconds } from '../schemas/common.ts';
import { CreateKey, CreateTenant } from '../schemas/keys.ts';
import { newId } from '../util/ids.ts';

export function presentKey(row: ApiKeyRow, plaintext?: string) {
  return {
    id: row.id, object: 'api_key' as const, name: row.name, scopes: row.scopes, created_at: seconds(row.created_at)!,
    last_used_at: seconds(row.last_used_at), revoked_at: seconds(row.revoked_at), ...(plaintext ? { key: plaintext } : {}),
  };
}

const presentTenant = (t: TenantRow, adminKey?: string) => ({
  id: t.id, object: 'tenant' as const, name: t.name, created_at: seconds(t.created_at)!, ...(adminKey ? { admin_key: adminKey } : {}),
});

export function keyRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/', requireScope('admin'), async (c) => {
    const body = await readJson(c, CreateKey);
    const { row, plaintext } = mintKey(c.var.auth.tenantId, body.name, body.scopes, deps.clock.now());
    await deps.meta.keys.insert(row);
    return c.json(presentKey(row, plaintext), 201);
  });
  app.get('/', requireScope('admin'), async (c) => {
    const rows = await deps.meta.keys.list(c.var.auth.tenantId);
    return c.json({ object: 'list', data: rows.map((r) => presentKey(r)), has_more: false });
  });
  app.delete('/:id', requireScope('admin'), async (c) => {
    const row = await deps.meta.keys.revoke(c.var.auth.tenantId, c.req.param('id'), deps.clock.now());
    if (!row) throw notFound('key', c.req.param('id'));
    return c.json(presentKey(row));
  });
  return app;
}

export function tenantRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/', requireRoot(), async (c) => {
    const body = await readJson(c, CreateTenant);
    const now = deps.clock.now();
    const tenant = await deps.meta.tenants.create({ id: newId('tn'), name: body.name, is_root: false, created_at: now });
    const { row, plaintext } = mintKey(tenant.id, 'admin', ['admin'], now);
    await deps.meta.keys.insert(row);
    return c.json(presentTenant(tenant, plaintext), 201);
  });
  app.get('/', requireRoot(), async (c) => {
    const rows = await deps.meta.tenants.list();
    return c.json({ object: 'list', data: rows.map((t) => presentTenant(t)), has_more: false });
  });
  return app;
}
