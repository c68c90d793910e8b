// /v1/webhooks: outbound subscriptions (scope admin) and their delivery log.
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { invalidField, notFound } from '../errors/index.ts';
import { readJson, readQuery } from '../http/json-body.ts';
import { requireScope } from '../middleware/require-scope.ts';
import type { WebhookDeliveryRow, WebhookRow } from '../ports/rows.ts';
import { seconds } from '../schemas/common.ts';
import { CreateWebhook, DeliveriesQuery } from '../schemas/hooks.ts';
import { ALLOW_PRIVATE_HINT, refusedWebhookHost } from '../services/webhooks/target.ts';
import { newId, randomSecret } from '../util/ids.ts';

const presentWebhook = (w: WebhookRow, withSecret = false) => ({
  id: w.id, object: 'webhook' as const, url: w.url, events: w.events, created_at: seconds(w.created_at)!, ...(withSecret ? { secret: w.secret } : {}),
});
const presentDelivery = (d: WebhookDeliveryRow) => ({
  id: d.id, object: 'webhook.delivery' as const, event: d.event, status: d.status, attempts: d.attempts, next_attempt_at: seconds(d.next_attempt_at),
  last_attempt_at: seconds(d.last_attempt_at), last_status_code: d.last_status_code, last_error: d.last_error, created_at: seconds(d.created_at)!,
  delivered_at: seconds(d.delivered_at), payload: d.payload,
});

export function webhookRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireScope('admin'));
  const get = async (tenantId: string, id: string) => {
    const w = await deps.meta.webhooks.get(tenantId, id);
    if (!w) throw notFound('webhook', id);
    return w;
  };
  app.post('/', async (c) => {
    const body = await readJson(c, CreateWebhook);
    const refused = deps.limits.allowPrivateWebhooks ? undefined : refusedWebhookHost(body.url);
    if (refused) throw invalidField('url', `${refused}: ${ALLOW_PRIVATE_HINT}`);
    const row = await deps.meta.webhooks.insert({ id: newId('wh'), tenant_id: c.var.auth.tenantId, url: body.url, events: body.events, secret: `whsec_${randomSecret(24)}`, created_at: deps.clock.now() });
    return c.json(presentWebhook(row, true), 201);
  });
  app.get('/', async (c) => c.json({ object: 'list', data: (await deps.meta.webhooks.list(c.var.auth.tenantId)).map((w) => presentWebhook(w)), has_more: false }));
  app.get('/:id', async (c) => c.json(presentWebhook(await get(c.var.auth.tenantId, c.req.param('id')))));
  app.get('/:id/deliveries', async (c) => {
    const w = await get(c.var.auth.tenantId, c.req.param('id'));
    const q = readQuery(c, DeliveriesQuery);
    return c.json({ object: 'list', data: (await deps.meta.webhooks.deliveries(w.tenant_id, w.id, q.limit)).map(presentDelivery), has_more: false });
  });
  app.delete('/:id', async (c) => {
    if (!(await deps.meta.webhooks.delete(c.var.auth.tenantId, c.req.param('id')))) throw notFound('webhook', c.req.param('id'));
    return c.json({ id: c.req.param('id'), object: 'webhook', deleted: true });
  });
  return app;
}
