// /v1/adapters: upload PEFT adapters (multipart), versions, aliases, traffic splits, resolve, delete.
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { readMultipart } from '../http/multipart.ts';
import { EdgetuneError, invalidField, notFound, parseOr } from '../errors/index.ts';
import { readJson, readQuery } from '../http/json-body.ts';
import { bodyLimit } from '../middleware/body-limit.ts';
import { requireScope } from '../middleware/require-scope.ts';
import type { AdapterRow } from '../ports/rows.ts';
import { AliasName, ResolveQuery, SetAlias, SetTraffic, UploadFields } from '../schemas/adapters.ts';
import { presentAdapter, presentVersion } from '../services/adapters/present.ts';
import { collectAdapterBlobs, publishAdapter } from '../services/adapters/publish.ts';
import { resolveAdapter } from '../services/adapters/resolve.ts';
import { validateAdapter } from '../services/adapters/validate.ts';
import { adapterFromParam } from './adapter-param.ts';

const PARTS = { config: ['adapter_config', 'adapter_config.json'], weights: ['adapter_model', 'adapter_model.safetensors'] };

async function part(form: FormData, names: string[], field: string): Promise<File | string> {
  for (const n of names) {
    const v = form.get(n);
    if (v !== null) return v;
  }
  throw new EdgetuneError('invalid_request', `multipart upload needs a '${names[1]}' part (field '${names[0]}')`, { field });
}

export function adapterRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const tenant = (c: Context<AppEnv>) => c.var.auth.tenantId;
  const byName = (c: Context<AppEnv>) => adapterFromParam(deps, c);
  const present = async (c: Context<AppEnv>, a: AdapterRow) => {
    const t = tenant(c);
    return presentAdapter(a, await deps.meta.adapters.versions(t, a.id), await deps.meta.adapters.aliases(t, a.id), await deps.meta.adapters.getSplit(t, a.id));
  };

  app.post('/', requireScope('train'), bodyLimit(deps.limits.maxAdapterBytes, 'adapter upload'), async (c) => {
    if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
      throw new EdgetuneError('invalid_request', 'upload an adapter as multipart/form-data with adapter_config.json and adapter_model.safetensors');
    }
    const form = await readMultipart(c);
    const fields = parseOr(UploadFields, Object.fromEntries([...form.entries()].filter(([k, v]) => typeof v === 'string' && ![...PARTS.config, ...PARTS.weights].includes(k))));
    const model = deps.models.get(fields.base_model);
    if (!model) throw invalidField('base_model', `unknown base model '${fields.base_model}'; this deployment serves ${deps.models.list().map((m) => m.id).join(', ')}`);
    const aliases = fields.aliases?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
    aliases.forEach((a, i) => parseOr(AliasName, a, ['aliases', i]));
    const config = await part(form, PARTS.config, 'adapter_config');
    const weights = await part(form, PARTS.weights, 'adapter_model');
    if (typeof weights === 'string') throw new EdgetuneError('invalid_request', 'adapter_model must be a file part', { field: 'adapter_model' });
    const configText = typeof config === 'string' ? config : await config.text();
    const valid = await validateAdapter(deps.methods, model, configText, new Uint8Array(await weights.arrayBuffer()));
    const { adapter, version } = await publishAdapter(deps, { tenantId: tenant(c), name: fields.name, baseModel: model.id, adapter: valid, aliases });
    return c.json({ ...(await present(c, adapter)), created_version: presentVersion(version) }, 201);
  });

  app.get('/', requireScope('infer'), async (c) => {
    const rows = await deps.meta.adapters.list(tenant(c));
    return c.json({ object: 'list', data: await Promise.all(rows.map((a) => present(c, a))), has_more: false });
  });

  app.get('/:name', requireScope('infer'), async (c) => c.json(await present(c, await byName(c))));

  app.get('/:ref/resolve', requireScope('infer'), async (c) => {
    const q = readQuery(c, ResolveQuery);
    const r = await resolveAdapter(deps.meta, tenant(c), c.req.param('ref'), q.sticky);
    return c.json({ object: 'adapter.resolution', name: r.adapter.name, base_model: r.adapter.base_model, via: r.via, route: r.route ?? null, version: presentVersion(r.version) });
  });

  app.delete('/:name', requireScope('train'), async (c) => {
    const a = await byName(c);
    const removed = await deps.meta.adapters.delete(tenant(c), a.id);
    if (!removed) throw notFound('adapter', a.name);
    await collectAdapterBlobs(deps, tenant(c), removed);
    return c.json({ id: a.id, object: 'adapter', name: a.name, deleted: true });
  });

  app.delete('/:name/versions/:version', requireScope('train'), async (c) => {
    const a = await byName(c);
    const v = c.req.param('version');
    const removed = /^\d+$/.test(v) ? await deps.meta.adapters.deleteVersion(tenant(c), a.id, Number(v)) : null;
    if (!removed) throw notFound('version', v);
    await collectAdapterBlobs(deps, tenant(c), [removed]);
    return c.json({ ...presentVersion(removed), deleted: true });
  });

  app.put('/:name/aliases/:alias', requireScope('train'), async (c) => {
    const a = await byName(c);
    const alias = parseOr(AliasName, c.req.param('alias'), ['alias']);
    const body = await readJson(c, SetAlias);
    await deps.meta.adapters.setAlias(tenant(c), a.id, alias, body.version, deps.clock.now());
    return c.json(await present(c, a));
  });

  app.delete('/:name/aliases/:alias', requireScope('train'), async (c) => {
    const a = await byName(c);
    if (!(await deps.meta.adapters.deleteAlias(tenant(c), a.id, c.req.param('alias')))) throw notFound('alias', c.req.param('alias'));
    return c.json(await present(c, a));
  });

  app.put('/:name/traffic', requireScope('train'), async (c) => {
    const a = await byName(c);
    const body = await readJson(c, SetTraffic);
    await deps.meta.adapters.setSplit(tenant(c), a.id, body.routes, deps.clock.now());
    return c.json(await present(c, a));
  });

  app.delete('/:name/traffic', requireScope('train'), async (c) => {
    const a = await byName(c);
    await deps.meta.adapters.setSplit(tenant(c), a.id, null, deps.clock.now());
    return c.json(await present(c, a));
  });
  return app;
}
