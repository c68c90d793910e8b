// The Worker flavour's drivers, from the `env` bindings (wrangler.toml):
//   BLOBS (R2)         blobs under t/<tenant>/…, base model configs under models/<id>/config.json
//   DB (D1)            metadata and the job queue's lease state (drivers/sql), migrated on first use
//   WEBHOOKS (Queues)  "send due webhook deliveries" messages (webhook-queue.ts)
//   INFERENCE / INFERENCE_URL   the inference node completions are forwarded to (inference.ts)
// Built once per isolate: the model catalog and migrations need async work before the app exists.
import type { Hono } from 'hono';
import { createApp } from '../../app.ts';
import type { AppDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { systemClock } from '../../ports/clock.ts';
import type { InferenceEngine } from '../../ports/inference.ts';
import { migrate, sqlJobQueue, sqlMetadata, type SqlDatabase } from '../sql/index.ts';
import type { WorkerEnv } from './bindings.ts';
import { ensureBootstrapKey } from './bootstrap.ts';
import { ForwardingInference } from './inference.ts';
import { workerLimits } from './limits.ts';
import { bundledMethods } from './methods.ts';
import { MIGRATIONS } from './migrations.ts';
import { r2ModelCatalog } from './models.ts';
import { R2BlobStore } from './r2-blob-store.ts';
import { withDeliveryKicks } from './webhook-queue.ts';

export interface WorkerRuntime {
  deps: AppDeps;
  app: Hono<AppEnv>;
}

const log = (message: string, err?: unknown) => (err === undefined ? console.error(message) : console.error(message, err));

function inference(env: WorkerEnv): InferenceEngine | undefined {
  if (env.INFERENCE) return new ForwardingInference(env.INFERENCE, undefined, env.INFERENCE_TOKEN);
  if (env.INFERENCE_URL) return new ForwardingInference({ fetch: (input, init) => fetch(input, init) }, env.INFERENCE_URL, env.INFERENCE_TOKEN);
  return undefined; // completions answer 501
}

export async function buildRuntime(env: WorkerEnv): Promise<WorkerRuntime> {
  const { BLOBS: bucket, DB } = env;
  if (!bucket || !DB) throw new Error('missing bindings: BLOBS (R2) and DB (D1) are required');
  const db = DB as SqlDatabase;
  const { limits, maxStagedBytes } = workerLimits(env);
  await migrate(db, MIGRATIONS);
  const plainMeta = sqlMetadata(db);
  const meta = env.WEBHOOKS ? withDeliveryKicks(plainMeta, env.WEBHOOKS, log) : plainMeta;
  const engine = inference(env);
  const deps: AppDeps = {
    blobs: new R2BlobStore(bucket, maxStagedBytes),
    meta,
    queue: sqlJobQueue(db),
    clock: systemClock,
    models: await r2ModelCatalog(bucket, env.BASE_MODELS, log),
    methods: bundledMethods(),
    limits,
    log,
    ...(engine ? { inference: engine } : {}),
  };
  if (env.BOOTSTRAP_ADMIN_KEY) {
    if ((await ensureBootstrapKey(meta, env.BOOTSTRAP_ADMIN_KEY, deps.clock.now())) === 'inserted') console.log('BOOTSTRAP_ADMIN_KEY added as a root admin key');
  } else if (!(await meta.tenants.root())) {
    log('no root tenant and no BOOTSTRAP_ADMIN_KEY secret: nobody can sign in (see edge/README.md, "Workers flavour")');
  }
  return { deps, app: createApp(deps) };
}

let cached: Promise<WorkerRuntime> | undefined;

/** The isolate's runtime; a failed start is forgotten so the next event tries again. */
export function workerRuntime(env: WorkerEnv): Promise<WorkerRuntime> {
  cached ??= buildRuntime(env).catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

/** Whether this deployment has storage bindings at all (without them only public routes answer). */
export const hasStorage = (env: WorkerEnv) => Boolean(env.BLOBS && env.DB);
