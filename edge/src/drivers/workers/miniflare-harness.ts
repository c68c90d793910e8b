// Tests of the Worker flavour: edge/src/worker.ts bundled with esbuild the way wrangler bundles it
// (ESM, workerd conditions, .sql as text, onnxruntime-node aliased away), run in workerd by
// Miniflare with real R2, D1 and Queues bindings, driven over dispatchFetch.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare, Response as MfResponse, type Request as MfRequest } from 'miniflare';
import { configToHf } from '@edgetune/core/weights/hf-config.ts';
import { mintKey } from '../../auth/keys.ts';
import { TINY_GPT2 } from '../../test-support/harness.ts';
import type { Scope } from '../../ports/rows.ts';
import { modelConfigKey } from './models.ts';

const repo = (p: string) => fileURLToPath(new URL(`../../../../${p}`, import.meta.url));

/** wrangler.toml's compatibility date, so tests and `wrangler dev` run the same runtime semantics. */
export const COMPATIBILITY_DATE = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(readFileSync(repo('wrangler.toml'), 'utf8'))![1]!;
export const QUEUE = 'edgetune-webhooks';
export const ORIGIN = 'http://edgetune.test';

export async function bundleWorker(): Promise<string> {
  const out = await build({
    entryPoints: [repo('edge/src/worker.ts')], bundle: true, write: false, format: 'esm', platform: 'neutral', target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'], mainFields: ['browser', 'module', 'main'],
    external: ['node:*', 'cloudflare:*'], alias: { 'onnxruntime-node': repo('edge/src/drivers/workers/no-onnxruntime.ts') },
    loader: { '.sql': 'text' }, logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

export interface Outbound {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WorkerHarness {
  mf: Miniflare;
  adminKey: string;
  /** Requests the Worker sent to the internet (webhook deliveries), answered by `outboundStatus`. */
  outbound: Outbound[];
  outboundStatus: number[];
  req(path: string, init?: { method?: string; key?: string | null; json?: unknown; body?: string | Uint8Array | FormData; headers?: Record<string, string> }): Promise<Response>;
  tenant(name?: string): Promise<{ id: string; adminKey: string }>;
  key(adminKey: string, scopes: Scope[]): Promise<string>;
  /** Committed R2 keys under a prefix. */
  r2Keys(prefix?: string): Promise<string[]>;
  sql<T = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<T[]>;
  /** Runs the cron handler once (at `scheduledTime`, default now). */
  scheduled(scheduledTime?: number): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  bindings?: Record<string, string>;
  /** INFERENCE service binding, answered in Node. */
  inference?: (req: Request) => Promise<Response>;
}

export async function startWorker(script: string, opts: StartOptions = {}): Promise<WorkerHarness> {
  const adminKey = mintKey('unused', 'bootstrap', ['admin'], 0).plaintext;
  const outbound: Outbound[] = [];
  const outboundStatus: number[] = [];
  const mf = new Miniflare({
    // listed, not located: Miniflare's module walker refuses the registry's computed import(), which
    // the Worker never reaches (its plugins are registered up front)
    modules: [{ type: 'ESModule', path: 'worker.js', contents: script }], compatibilityDate: COMPATIBILITY_DATE, compatibilityFlags: ['nodejs_compat'],
    r2Buckets: ['BLOBS'], d1Databases: ['DB'],
    queueProducers: { WEBHOOKS: { queueName: QUEUE } },
    queueConsumers: { [QUEUE]: { maxBatchSize: 10, maxBatchTimeout: 1, maxRetries: 2 } },
    bindings: { BOOTSTRAP_ADMIN_KEY: adminKey, BASE_MODELS: `${TINY_GPT2.id}:${TINY_GPT2.maxRank}`, ...opts.bindings },
    outboundService: async (req: MfRequest) => {
      outbound.push({ url: req.url, headers: Object.fromEntries(req.headers), body: await req.text() });
      return new MfResponse('ok', { status: outboundStatus.shift() ?? 200 });
    },
    ...(opts.inference ? { serviceBindings: { INFERENCE: opts.inference as never } } : {}),
  });
  await mf.ready;
  // base model configs must be in R2 before the isolate builds its catalog (first request)
  const bucket = await mf.getR2Bucket('BLOBS');
  await bucket.put(modelConfigKey(TINY_GPT2.id), JSON.stringify(configToHf(TINY_GPT2.config)));

  const req: WorkerHarness['req'] = async (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === undefined ? adminKey : init.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | Uint8Array | undefined = init.body instanceof FormData ? undefined : init.body;
    if (init.body instanceof FormData) {
      // serialized here: Miniflare's own undici does not know Node's FormData class
      const encoded = new Response(init.body);
      headers['content-type'] = encoded.headers.get('content-type')!;
      body = new Uint8Array(await encoded.arrayBuffer());
    }
    if (init.json !== undefined) {
      body = typeof init.json === 'string' ? init.json : JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const res = await mf.dispatchFetch(new URL(path, ORIGIN).href, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
    return res as unknown as Response;
  };
  const h: WorkerHarness = {
    mf, adminKey, outbound, outboundStatus, req,
    tenant: async (name = 'acme') => {
      const body = (await (await req('/v1/tenants', { json: { name } })).json()) as { id: string; admin_key: string };
      return { id: body.id, adminKey: body.admin_key };
    },
    key: async (admin, scopes) => ((await (await req('/v1/keys', { key: admin, json: { name: scopes.join('+'), scopes } })).json()) as { key: string }).key,
    r2Keys: async (prefix = '') => (await bucket.list({ prefix })).objects.map((o) => o.key).filter((k) => !k.startsWith('models/')).sort(),
    sql: async (query, ...params) => {
      const db = await mf.getD1Database('DB');
      return (await db.prepare(query).bind(...params).all()).results as never;
    },
    scheduled: async (scheduledTime) => {
      const worker = await mf.getWorker();
      await worker.scheduled({ cron: '* * * * *', ...(scheduledTime !== undefined ? { scheduledTime: new Date(scheduledTime) } : {}) });
    },
    close: () => mf.dispose(),
  };
  return h;
}

/** Polls until `check` returns a value (queue consumers run on their own schedule). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function errorOf(res: Response): Promise<{ status: number; code: string; param: string | null }> {
  const body = (await res.json()) as { error: { code: string; param: string | null } };
  return { status: res.status, code: body.error.code, param: body.error.param };
}
