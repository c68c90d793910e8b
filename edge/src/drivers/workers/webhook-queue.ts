// Outbound webhooks through Cloudflare Queues. Deliveries stay rows in D1 (the delivery log, with
// attempts and backoff, exactly as on Node); a queue message only says "send what is due". The
// producer side sends one when a delivery row is inserted (so events go out right after the
// request that caused them, without the request waiting on the receiver) and the cron sends one
// every minute (retries come due between requests). The consumer runs services/webhooks/dispatch.ts
// and nothing else; wrangler.toml gives it max_concurrency = 1 so two consumers never send the
// same due row twice.
import type { AppDeps } from '../../deps.ts';
import type { Metadata } from '../../ports/metadata.ts';
import { dispatchDue, type DispatchOptions } from '../../services/webhooks/dispatch.ts';
import type { MessageBatchLike, QueueLike, WebhookMessage } from './bindings.ts';

export const kick = (reason: string): WebhookMessage => ({ kind: 'webhooks.dispatch', reason });

/** Metadata whose insertDelivery also enqueues a dispatch; a failed send is logged, not fatal (the cron catches up). */
export function withDeliveryKicks(meta: Metadata, queue: QueueLike<WebhookMessage>, log: (m: string, e?: unknown) => void): Metadata {
  const insertDelivery: Metadata['webhooks']['insertDelivery'] = async (row) => {
    const inserted = await meta.webhooks.insertDelivery(row);
    await queue.send(kick(`delivery ${row.id}`)).catch((e) => log('webhooks: could not enqueue a dispatch; the cron will send it', e));
    return inserted;
  };
  // Proxies, not copies: the drivers may be class instances whose methods need their own `this`.
  const webhooks = override(meta.webhooks, { insertDelivery });
  return override(meta, { webhooks });
}

function override<T extends object>(target: T, replaced: Partial<T>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (Object.hasOwn(replaced, prop)) return replaced[prop as keyof T];
      const v = Reflect.get(t, prop, t) as unknown;
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

/** Queue consumer: one dispatch per batch however many messages it holds; D1 says what is due. */
export async function consumeWebhookBatch(deps: AppDeps, batch: MessageBatchLike<WebhookMessage>, queue: QueueLike<WebhookMessage> | undefined, opts: DispatchOptions = {}): Promise<void> {
  const size = opts.batch ?? 50;
  try {
    let sent = 0;
    // a full batch may leave more due rows behind: go again (bounded, then hand over to the queue)
    for (let round = 0; round < 4; round++) {
      sent = await dispatchDue(deps, { ...opts, batch: size });
      if (sent < size) break;
    }
    if (sent >= size) await queue?.send(kick('more due deliveries'));
    batch.ackAll();
  } catch (e) {
    deps.log?.('webhooks: dispatch failed; the batch will be retried', e);
    batch.retryAll({ delaySeconds: 30 });
  }
}
