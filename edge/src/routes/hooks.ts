// /v1/hooks: saved recipes (scope train) and the public, signed trigger POST /v1/hooks/:id.
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { readJson } from '../http/json-body.ts';
import { bodyLimit } from '../middleware/body-limit.ts';
import { requireScope } from '../middleware/require-scope.ts';
import type { HookDeliveryRow, HookRow } from '../ports/rows.ts';
import { seconds } from '../schemas/common.ts';
import { invalidField, notFound } from '../errors/index.ts';
import { CreateHook } from '../schemas/hooks.ts';
import { CronError, parseCron } from '../services/recipes/cron.ts';
import { triggerHook } from '../services/hooks/trigger.ts';
import { presentJob } from '../services/jobs/present.ts';
import { newId, randomSecret } from '../util/ids.ts';

const presentHook = (h: HookRow, withSecret = false) => ({
  id: h.id, object: 'hook' as const, name: h.name, recipe: h.recipe, schedule: h.schedule, on_drift: h.on_drift ?? false, publish: h.publish,
  last_fired_at: seconds(h.last_fired_at), url: `/v1/hooks/${h.id}`, created_at: seconds(h.created_at)!,
  ...(withSecret ? { secret: h.secret } : {}),
});
const presentDelivery = (d: HookDeliveryRow) => ({ delivery_id: d.delivery_id, job_id: d.job_id, received_at: seconds(d.received_at)! });

/** Signed inbound deliveries: no API key; the HMAC proves the sender. */
export function hookTriggerRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/v1/hooks/:id', bodyLimit(deps.limits.maxJsonBytes), async (c) => {
    const body = await c.req.text();
    const { job, deliveryId } = await triggerHook(deps, { hookId: c.req.param('id'), body, header: (n) => c.req.header(n) });
    return c.json({ object: 'hook.delivery', delivery_id: deliveryId, job: presentJob(job) }, 202);
  });
  return app;
}

export function hookRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireScope('train'));
  app.post('/', async (c) => {
    const body = await readJson(c, CreateHook);
    try {
      if (body.schedule !== undefined) parseCron(body.schedule);
    } catch (e) {
      if (e instanceof CronError) throw invalidField('schedule', e.message);
      throw e;
    }
    const row = await deps.meta.hooks.insert({
      id: newId('hook'), tenant_id: c.var.auth.tenantId, name: body.name, secret: `whsec_${randomSecret(24)}`, recipe: body.recipe, created_at: deps.clock.now(),
      schedule: body.schedule ?? null, on_drift: body.on_drift ?? null, publish: body.publish ?? null, last_fired_at: null,
    });
    return c.json(presentHook(row, true), 201);
  });
  app.get('/', async (c) => c.json({ object: 'list', data: (await deps.meta.hooks.list(c.var.auth.tenantId)).map((h) => presentHook(h)), has_more: false }));
  app.get('/:id', async (c) => {
    const hook = await deps.meta.hooks.get(c.var.auth.tenantId, c.req.param('id'));
    if (!hook) throw notFound('hook', c.req.param('id'));
    const deliveries = (await deps.meta.hooks.deliveries(hook.tenant_id, hook.id)).filter((d) => !d.delivery_id.startsWith('sig:'));
    return c.json({ ...presentHook(hook), deliveries: deliveries.map(presentDelivery) });
  });
  app.delete('/:id', async (c) => {
    if (!(await deps.meta.hooks.delete(c.var.auth.tenantId, c.req.param('id')))) throw notFound('hook', c.req.param('id'));
    return c.json({ id: c.req.param('id'), object: 'hook', deleted: true });
  });
  return app;
}
