// Issue 9's API: completion feedback, the A/B readout and promotion of an adapter, per-alias drift
// monitors (evaluation set, traffic sampling, thresholds) and their drift reports.
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { notFound, parseOr } from '../errors/index.ts';
import { readJson, readQuery } from '../http/json-body.ts';
import { requireScope } from '../middleware/require-scope.ts';
import type { AdapterRow, AliasMonitorRow } from '../ports/rows.ts';
import { AliasName } from '../schemas/adapters.ts';
import { seconds } from '../schemas/common.ts';
import { DriftQuery, Feedback, Promote, SetMonitor } from '../schemas/tracking.ts';
import { aliasDrift } from '../services/tracking/drift.ts';
import { readout } from '../services/tracking/readout.ts';
import { adapterFromParam } from './adapter-param.ts';

const presentMonitor = (m: AliasMonitorRow) => ({
  object: 'adapter.alias_monitor', alias: m.alias, eval_dataset: m.eval_dataset, sample_rate: m.sample_rate, thresholds: m.thresholds, drifting: m.drifting,
  check_every_s: m.check_every_s, check_window: m.check_window, last_checked_at: m.last_checked_at === null ? null : seconds(m.last_checked_at), updated_at: seconds(m.updated_at),
});

export function completionFeedbackRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/:id/feedback', requireScope('infer'), async (c) => {
    const body = await readJson(c, Feedback);
    const value = body.score ?? (body.thumbs === 'up' ? 1 : 0);
    const row = await deps.meta.tracking.setFeedback(c.var.auth.tenantId, c.req.param('id'), value);
    if (!row) throw notFound('completion', c.req.param('id'));
    return c.json({ object: 'completion.feedback', id: row.id, version: row.version, feedback: row.feedback });
  });
  return app;
}

export function adapterTrackingRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const tenant = (c: Context<AppEnv>) => c.var.auth.tenantId;
  const byName = (c: Context<AppEnv>) => adapterFromParam(deps, c);
  const monitorOf = async (c: Context<AppEnv>, a: AdapterRow): Promise<AliasMonitorRow> => {
    const alias = parseOr(AliasName, c.req.param('alias'), ['alias']);
    const m = await deps.meta.tracking.getMonitor(tenant(c), a.id, alias);
    if (!m) throw notFound('alias monitor', alias, 'alias');
    return m;
  };

  app.get('/:name/readout', requireScope('infer'), async (c) => c.json(await readout(deps, tenant(c), await byName(c))));

  app.post('/:name/promote', requireScope('train'), async (c) => {
    const a = await byName(c);
    const body = await readJson(c, Promote);
    const now = deps.clock.now();
    if (!(await deps.meta.adapters.getVersion(tenant(c), a.id, body.version))) throw notFound('version', String(body.version), 'version');
    if (body.alias) await deps.meta.adapters.setAlias(tenant(c), a.id, body.alias, body.version, now);
    if (await deps.meta.adapters.getSplit(tenant(c), a.id)) await deps.meta.adapters.setSplit(tenant(c), a.id, [{ target: String(body.version), weight: 1 }], now);
    return c.json(await readout(deps, tenant(c), a));
  });

  app.put('/:name/aliases/:alias/monitor', requireScope('train'), async (c) => {
    const a = await byName(c);
    const alias = parseOr(AliasName, c.req.param('alias'), ['alias']);
    const body = await readJson(c, SetMonitor);
    if (!(await deps.meta.adapters.aliases(tenant(c), a.id)).some((x) => x.alias === alias)) throw notFound('alias', alias, 'alias');
    if (!(await deps.meta.datasets.get(tenant(c), body.eval_dataset))) throw notFound('dataset', body.eval_dataset, 'eval_dataset');
    const row = await deps.meta.tracking.putMonitor({
      adapter_id: a.id, alias, tenant_id: tenant(c), eval_dataset: body.eval_dataset, sample_rate: body.sample_rate, thresholds: body.thresholds, drifting: false, updated_at: deps.clock.now(),
      check_every_s: body.check_every_s, check_window: body.check_window, last_checked_at: null,
    });
    return c.json(presentMonitor(row));
  });

  app.get('/:name/monitors', requireScope('infer'), async (c) => {
    const a = await byName(c);
    return c.json({ object: 'list', data: (await deps.meta.tracking.monitors(tenant(c), a.id)).map(presentMonitor) });
  });

  app.get('/:name/aliases/:alias/monitor', requireScope('infer'), async (c) => c.json(presentMonitor(await monitorOf(c, await byName(c)))));

  app.get('/:name/aliases/:alias/drift', requireScope('infer'), async (c) => {
    const a = await byName(c);
    const m = await monitorOf(c, a);
    const q = readQuery(c, DriftQuery);
    const { report, version, fired } = await aliasDrift(deps, a, m, q.window);
    return c.json({ object: 'adapter.drift_report', name: a.name, alias: m.alias, version, ...report, fired_jobs: fired });
  });
  return app;
}
