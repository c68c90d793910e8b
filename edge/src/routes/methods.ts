// GET /v1/methods: the fine-tuning methods a job may name, each with its config as JSON Schema
// (from the plugin's zod schema, z.toJSONSchema, input side: defaults shown, nothing required that
// has one). No key needed: it describes the deployment, like /openapi.json. The dashboard builds
// its job form from it.
//
// The port (MethodCatalog) has names and descriptions but not the zod schemas, so schemas come
// from core's plugin registry; a method it cannot load (the Worker's bundle registers its plugins
// elsewhere) is listed with config_schema: null and clients fall back to a JSON config field.
import { Hono } from 'hono';
import { z } from 'zod';
import { methods as registry } from '@edgetune/core/plugin/registry.ts';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors/index.ts';

export const MethodObject = z.object({
  object: z.literal('method'),
  name: z.string(),
  peft_type: z.string().nullable(),
  description: z.string(),
  config_schema: z.record(z.string(), z.unknown()).nullable().describe("the plugin's config as JSON Schema (draft 2020-12); null when this deployment cannot describe it"),
});
export type MethodObject = z.output<typeof MethodObject>;

async function configSchema(name: string): Promise<Record<string, unknown> | null> {
  try {
    const plugin = await registry.get(name);
    return z.toJSONSchema(plugin.config, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export function methodRoutes(deps: Pick<AppDeps, 'methods'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const cache = new Map<string, Promise<MethodObject | undefined>>();
  const describe = (name: string) => {
    let hit = cache.get(name);
    if (!hit) {
      hit = (async () => {
        const info = await deps.methods.get(name);
        if (!info) return undefined;
        return { object: 'method' as const, name: info.name, peft_type: info.peftType ?? null, description: info.description, config_schema: await configSchema(name) };
      })();
      cache.set(name, hit);
    }
    return hit;
  };

  app.get('/v1/methods', async (c) => {
    const all = await Promise.all(deps.methods.names().map(describe));
    return c.json({ object: 'list', data: all.filter((m): m is MethodObject => m !== undefined), has_more: false });
  });
  app.get('/v1/methods/:name', async (c) => {
    const m = await describe(c.req.param('name'));
    if (!m) throw notFound('method', c.req.param('name'));
    return c.json(m);
  });
  return app;
}
