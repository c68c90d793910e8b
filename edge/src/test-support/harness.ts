// A whole app on in-memory drivers, bootstrapped, for tests that call app.request().
import { tinyRandomConfig, parseTinyRandomOptions } from '@edgetune/core/weights/tiny-random-options.ts';
import { createApp } from '../app.ts';
import { bootstrap } from '../auth/bootstrap.ts';
import { Limits } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import { MemoryBlobStore } from '../drivers/memory/blob-store.ts';
import { MemoryJobQueue } from '../drivers/memory/job-queue.ts';
import { memoryMetadata } from '../drivers/memory/metadata.ts';
import { coreMethods } from '../drivers/node/methods.ts';
import { ManualClock } from '../ports/clock.ts';
import { staticCatalog, type BaseModelInfo } from '../ports/models.ts';
import type { Scope } from '../ports/rows.ts';

/** gpt2, hidden 32, 2 layers, MLP 128: the config adapters in tests are checked against. */
export const TINY_GPT2: BaseModelInfo = {
  id: 'tiny-gpt2',
  config: tinyRandomConfig(parseTinyRandomOptions({ arch: 'gpt2', vocabSize: 300, hidden: 32, layers: 2, heads: 2, maxPositions: 64 })),
  maxRank: 16,
};
export const TINY_LLAMA: BaseModelInfo = {
  id: 'tiny-llama',
  config: tinyRandomConfig(parseTinyRandomOptions({ arch: 'llama', vocabSize: 300, hidden: 32, layers: 2, heads: 4, kvHeads: 2, maxPositions: 64 })),
  maxRank: 16,
};

export interface Harness {
  app: ReturnType<typeof createApp>;
  deps: AppDeps & { blobs: MemoryBlobStore; queue: MemoryJobQueue; clock: ManualClock; meta: ReturnType<typeof memoryMetadata> };
  adminKey: string;
  rootTenant: string;
  /** app.request with the key as a bearer token; JSON bodies are serialized. */
  req(path: string, init?: { method?: string; key?: string | null; json?: unknown; body?: RequestInit['body']; headers?: Record<string, string> }): Promise<Response>;
  /** A new tenant and its admin key. */
  tenant(name?: string): Promise<{ id: string; adminKey: string }>;
  /** A key of the given scopes in the tenant of `adminKey`. */
  key(adminKey: string, scopes: Scope[]): Promise<string>;
}

export async function harness(overrides: Partial<Limits> = {}, models: BaseModelInfo[] = [TINY_GPT2, TINY_LLAMA], extra: Partial<AppDeps> = {}): Promise<Harness> {
  const clock = new ManualClock();
  const deps = {
    blobs: new MemoryBlobStore(), meta: memoryMetadata(), queue: new MemoryJobQueue(), clock,
    models: staticCatalog(models), methods: coreMethods(), limits: Limits.parse({ ssePollMs: 5, ...overrides }),
    log: () => {},
    ...(extra as object),
  };
  const { tenant, adminKey } = await bootstrap(deps.meta, clock.now());
  const app = createApp(deps);
  const req: Harness['req'] = (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === undefined ? adminKey! : init.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body = init.body;
    if (init.json !== undefined) {
      body = typeof init.json === 'string' ? init.json : JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    return Promise.resolve(app.request(path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body }));
  };
  const h: Harness = {
    app, deps, adminKey: adminKey!, rootTenant: tenant.id, req,
    tenant: async (name = 'acme') => {
      const res = await req('/v1/tenants', { json: { name } });
      const body = (await res.json()) as { id: string; admin_key: string };
      return { id: body.id, adminKey: body.admin_key };
    },
    key: async (admin, scopes) => {
      const res = await req('/v1/keys', { key: admin, json: { name: scopes.join('+'), scopes } });
      return ((await res.json()) as { key: string }).key;
    },
  };
  return h;
}

/** The error body's code and param, for compact assertions. */
export async function errorOf(res: Response): Promise<{ status: number; code: string; param: string | null; message: string; line?: number }> {
  const body = (await res.json()) as { error: { type: string; code: string; param: string | null; message: string; line?: number } };
  const { type: _, ...rest } = body.error;
  return { status: res.status, ...rest };
}
