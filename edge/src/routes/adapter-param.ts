// The adapter a route's `:name` names, in the caller's tenant; 404 otherwise.
import type { Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors/index.ts';
import type { AdapterRow } from '../ports/rows.ts';

export async function adapterFromParam(deps: AppDeps, c: Context<AppEnv>): Promise<AdapterRow> {
  const a = await deps.meta.adapters.getByName(c.var.auth.tenantId, c.req.param('name')!);
  if (!a) throw notFound('adapter', c.req.param('name')!);
  return a;
}
