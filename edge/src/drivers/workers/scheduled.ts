// The cron (wrangler.toml [triggers], every minute): leases whose runner stopped heartbeating are
// expired (the job is requeued, or failed once its attempts are spent) even when no runner polls,
// and webhook retries that came due since the last request are handed to the queue consumer.
// Then the scheduler's tick at the trigger's scheduledTime (services/tick.ts): due recipes fire and
// due drift checks run.
import { runTick } from '../../services/tick.ts';
import type { DriftCheck } from '../../services/tracking/due-checks.ts';
import { sweepExpired } from '../../services/runner/lease.ts';
import { dispatchDue } from '../../services/webhooks/dispatch.ts';
import type { WorkerEnv } from './bindings.ts';
import type { WorkerRuntime } from './deps.ts';
import { kick } from './webhook-queue.ts';

export async function runScheduled(rt: WorkerRuntime, env: WorkerEnv, scheduledTime?: number): Promise<{ expired: number; recipes: string[]; driftChecks: DriftCheck[] }> {
  const expired = await sweepExpired(rt.deps);
  const { recipes, driftChecks } = await runTick(rt.deps, scheduledTime ?? rt.deps.clock.now());
  // without a queue binding the cron sends deliveries itself
  if (env.WEBHOOKS) await env.WEBHOOKS.send(kick('cron'));
  else await dispatchDue(rt.deps);
  return { expired, recipes, driftChecks };
}
