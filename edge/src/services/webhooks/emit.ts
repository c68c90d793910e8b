// Outbound events: one pending delivery per subscription that wants the event. The dispatcher
// (dispatch.ts) sends them, signed, with retries.
import type { AppDeps } from '../../deps.ts';
import { newId } from '../../util/ids.ts';

export const WEBHOOK_EVENTS = [
  'fine_tuning.job.queued', 'fine_tuning.job.running', 'fine_tuning.job.succeeded', 'fine_tuning.job.failed', 'fine_tuning.job.cancelled',
  'dataset.created', 'adapter.published', 'adapter.drifting', 'recipe.fired', 'recipe.evaluated', 'recipe.published',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export async function emitEvent(deps: Pick<AppDeps, 'meta' | 'clock'>, tenantId: string, event: WebhookEvent, data: Record<string, unknown>): Promise<number> {
  const subs = await deps.meta.webhooks.subscribers(tenantId, event);
  const now = deps.clock.now();
  for (const s of subs) {
    const id = newId('whd');
    await deps.meta.webhooks.insertDelivery({
      id, webhook_id: s.id, tenant_id: tenantId, event, payload: { id, object: 'event', type: event, created_at: Math.floor(now / 1000), data },
      status: 'pending', attempts: 0, next_attempt_at: now, last_attempt_at: null, last_status_code: null, last_error: null, created_at: now, delivered_at: null,
    });
  }
  return subs.length;
}
