// /v1/fine_tuning/jobs: create, list, get, cancel, events (JSON or SSE), checkpoints.
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors/index.ts';
import { readJson, readQuery } from '../http/json-body.ts';
import { requireScope } from '../middleware/require-scope.ts';
import { ListQuery } from '../schemas/common.ts';
import { CreateJob, EventsQuery } from '../schemas/jobs.ts';
import { cancelJob } from '../services/jobs/cancel.ts';
import { createJob } from '../services/jobs/create.ts';
import { presentCheckpoint, presentEvent, presentJob } from '../services/jobs/present.ts';
import { jobMetrics } from '../services/tracking/job-metrics.ts';
import { streamJobEvents } from './job-events-sse.ts';

export function jobRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireScope('train'));
  const job = async (c: Context<AppEnv>) => {
    const row = await deps.meta.jobs.get(c.var.auth.tenantId, c.req.param('id')!);
    if (!row) throw notFound('job', c.req.param('id')!);
    return row;
  };

  app.post('/', async (c) => c.json(presentJob(await createJob(deps, c.var.auth.tenantId, await readJson(c, CreateJob))), 201));

  app.get('/', async (c) => {
    const page = await deps.meta.jobs.list(c.var.auth.tenantId, readQuery(c, ListQuery));
    return c.json({ object: 'list', data: page.data.map(presentJob), has_more: page.has_more });
  });

  app.get('/:id', async (c) => c.json(presentJob(await job(c))));
  app.post('/:id/cancel', async (c) => c.json(presentJob(await cancelJob(deps, c.var.auth.tenantId, c.req.param('id')))));

  app.get('/:id/events', async (c) => {
    const row = await job(c);
    const q = readQuery(c, EventsQuery);
    const wantsStream = q.stream === 'true' || (q.stream === undefined && /text\/event-stream/.test(c.req.header('accept') ?? ''));
    if (wantsStream) return streamJobEvents(c, deps, row, q.after);
    const page = await deps.meta.events.list(row.tenant_id, row.id, q);
    return c.json({ object: 'list', data: page.data.map(presentEvent), has_more: page.has_more });
  });

  app.get('/:id/metrics', async (c) => c.json(await jobMetrics(deps, await job(c))));
  app.get('/:id/checkpoints', async (c) => {
    const row = await job(c);
    const list = await deps.meta.checkpoints.list(row.tenant_id, row.id);
    return c.json({ object: 'list', data: list.map((x) => presentCheckpoint(x, row)), has_more: false });
  });
  return app;
}
