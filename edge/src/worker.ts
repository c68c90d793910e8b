// Workers entry point: fetch (the Hono app over R2/D1/Queues drivers), queue (outbound webhook
// dispatch) and scheduled (lease expiry, webhook retries). Without R2 and D1 bindings only the
// public routes answer and /v1/* says 501. See edge/README.md, "Workers flavour".
import { createApp } from './app.ts';
import { EdgetuneError } from './errors/index.ts';
import type { ExecutionContextLike, MessageBatchLike, ScheduledControllerLike, WebhookMessage, WorkerEnv } from './drivers/workers/bindings.ts';
import { hasStorage, workerRuntime } from './drivers/workers/deps.ts';
import { runScheduled } from './drivers/workers/scheduled.ts';
import { consumeWebhookBatch } from './drivers/workers/webhook-queue.ts';

const bare = createApp();

export default {
  async fetch(req: Request, env: WorkerEnv, ctx: ExecutionContextLike): Promise<Response> {
    if (!hasStorage(env)) return bare.fetch(req, env, ctx as never);
    let app;
    try {
      ({ app } = await workerRuntime(env));
    } catch (e) {
      console.error('edgetune: start failed', e);
      const err = new EdgetuneError('unavailable', 'the service is starting or misconfigured; retry later');
      return Response.json(err.toJSON(), { status: err.status });
    }
    return app.fetch(req, env, ctx as never);
  },

  async queue(batch: MessageBatchLike<WebhookMessage>, env: WorkerEnv): Promise<void> {
    const rt = await workerRuntime(env);
    await consumeWebhookBatch(rt.deps, batch, env.WEBHOOKS);
  },

  async scheduled(controller: ScheduledControllerLike, env: WorkerEnv): Promise<void> {
    const { expired, recipes, driftChecks } = await runScheduled(await workerRuntime(env), env, controller.scheduledTime);
    if (expired > 0) console.log(`cron: ${expired} expired lease(s) swept`);
    if (recipes.length > 0) console.log(`cron: ${recipes.length} scheduled recipe(s) fired`);
    for (const c of driftChecks) console.log(`cron: drift check of ${c.adapter}@${c.alias}: ${c.drifting ? 'drifting' : 'stable'}${c.fired.length ? `, fired ${c.fired.join(', ')}` : ''}`);
  },
};
