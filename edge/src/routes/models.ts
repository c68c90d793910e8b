// GET /v1/models: OpenAI's model list from the metadata: base models, then the tenant's adapters
// (each addressable as `name`, `name@version` or `name@alias` in completions).
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors/index.ts';
import { requireScope } from '../middleware/require-scope.ts';
import type { AdapterRow } from '../ports/rows.ts';
import type { BaseModelInfo } from '../ports/models.ts';
import { seconds } from '../schemas/common.ts';

const baseModel = (m: BaseModelInfo) => ({ id: m.id, object: 'model' as const, created: 0, owned_by: 'edgetune', kind: 'base' as const, parent: null });
const adapterModel = (a: AdapterRow, aliases: string[]) => ({
  id: a.name, object: 'model' as const, created: seconds(a.created_at)!, owned_by: a.tenant_id, kind: 'adapter' as const, parent: a.base_model, aliases,
});

export function modelRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const adapters = async (tenantId: string) =>
    Promise.all((await deps.meta.adapters.list(tenantId)).map(async (a) => adapterModel(a, (await deps.meta.adapters.aliases(tenantId, a.id)).map((x) => x.alias))));

  app.get('/', requireScope('infer'), async (c) => {
    return c.json({ object: 'list', data: [...deps.models.list().map(baseModel), ...(await adapters(c.var.auth.tenantId))] });
  });

  app.get('/:id', requireScope('infer'), async (c) => {
    const id = c.req.param('id');
    const base = deps.models.get(id);
    if (base) return c.json(baseModel(base));
    const found = (await adapters(c.var.auth.tenantId)).find((m) => m.id === id);
    if (!found) throw notFound('model', id);
    return c.json(found);
  });
  return app;
}
