// Sends due webhook deliveries, signed like inbound hooks. A 2xx is delivered; anything else
// (status, network error, timeout, a host refused by target.ts) is retried after base · 2^(attempts-1), up to max attempts,
// then marked failed. Every attempt updates the delivery log.
import type { AppDeps } from '../../deps.ts';
import type { WebhookDeliveryRow } from '../../ports/rows.ts';
import { signedHeaders } from './signature.ts';
import { ALLOW_PRIVATE_HINT, isIpAddress, privateAddressKind, refusedHost, webhookHost } from './target.ts';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;
/** A host name's addresses (Node: dns.lookup); without one only literal hosts are checked. */
export type Resolve = (host: string) => Promise<string[]>;

export interface DispatchOptions {
  fetch?: Fetch;
  resolve?: Resolve;
  timeoutMs?: number;
  batch?: number;
}

/** Why the delivery may not go to this URL now, or undefined (see target.ts). */
async function refusedTarget(url: string, resolve: Resolve | undefined): Promise<string | undefined> {
  const host = webhookHost(url);
  const literal = refusedHost(host);
  if (literal || !resolve) return literal;
  if (isIpAddress(host)) return undefined; // a literal address, public: checked above
  for (const ip of await resolve(host)) {
    const kind = privateAddressKind(ip);
    if (kind) return `${host} resolves to ${ip}, a ${kind} address`;
  }
  return undefined;
}

async function attempt(deps: AppDeps, d: WebhookDeliveryRow, opts: DispatchOptions): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const hook = await deps.meta.webhooks.get(d.tenant_id, d.webhook_id);
  if (!hook) return; // unsubscribed meanwhile (its deliveries went with it)
  const now = deps.clock.now();
  const body = JSON.stringify(d.payload);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const refused = deps.limits.allowPrivateWebhooks ? undefined : await refusedTarget(hook.url, opts.resolve);
    if (refused) throw new Error(`refused: ${refused}; ${ALLOW_PRIVATE_HINT}`);
    const res = await (opts.fetch ?? fetch)(hook.url, {
      method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': 'application/json', 'user-agent': 'edgetune-webhooks/1', ...signedHeaders(hook.secret, Math.floor(now / 1000), body, d.id) },
    });
    status = res.status;
    await res.body?.cancel();
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (e) {
    error = (e as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (e as Error).message;
  }
  const attempts = d.attempts + 1;
  const { webhookMaxAttempts: max, webhookRetryBaseMs: base } = deps.limits;
  const patch: Partial<WebhookDeliveryRow> = { attempts, last_attempt_at: now, last_status_code: status, last_error: error };
  if (error === null) Object.assign(patch, { status: 'delivered', delivered_at: now, next_attempt_at: null });
  else if (attempts >= max) Object.assign(patch, { status: 'failed', next_attempt_at: null });
  else patch.next_attempt_at = now + base * 2 ** (attempts - 1);
  await deps.meta.webhooks.updateDelivery(d.id, patch);
}

/** Sends what is due now; returns how many deliveries it attempted. */
export async function dispatchDue(deps: AppDeps, opts: DispatchOptions = {}): Promise<number> {
  const due = await deps.meta.webhooks.due(deps.clock.now(), opts.batch ?? 50);
  await Promise.all(due.map((d) => attempt(deps, d, opts)));
  return due.length;
}
