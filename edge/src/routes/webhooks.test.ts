import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispatchDue, type Fetch } from '../services/webhooks/dispatch.ts';
import { sign } from '../services/webhooks/signature.ts';
import { createJob, uploadDataset } from '../test-support/flow.ts';
import { errorOf, harness } from '../test-support/harness.ts';

interface Sent {
  url: string;
  body: string;
  headers: Record<string, string>;
}

function fakeFetch(statuses: (number | Error)[]): { fetch: Fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (url, init) => {
      sent.push({ url, body: init.body as string, headers: init.headers as Record<string, string> });
      const s = statuses.shift() ?? 200;
      if (s instanceof Error) throw s;
      return new Response('ok', { status: s });
    },
  };
}

test('job events are delivered signed; failures retry with backoff; the log shows every attempt', async () => {
  const h = await harness({ webhookRetryBaseMs: 1000, webhookMaxAttempts: 3 });
  const res = await h.req('/v1/webhooks', { json: { url: 'https://example.test/hook', events: ['fine_tuning.job.cancelled'] } });
  assert.equal(res.status, 201);
  const wh = (await res.json()) as { id: string; secret: string };
  const job = await createJob(h, { training_file: await uploadDataset(h) });
  await h.req(`/v1/fine_tuning/jobs/${job.id}/cancel`, { method: 'POST' });
  const f = fakeFetch([500, new Error('ECONNRESET'), 200]);
  assert.equal(await dispatchDue(h.deps, { fetch: f.fetch }), 1);
  assert.equal(await dispatchDue(h.deps, { fetch: f.fetch }), 0, 'not due yet');
  h.deps.clock.advance(1000);
  assert.equal(await dispatchDue(h.deps, { fetch: f.fetch }), 1);
  h.deps.clock.advance(1999);
  assert.equal(await dispatchDue(h.deps, { fetch: f.fetch }), 0, 'the second retry waits 2 s');
  h.deps.clock.advance(1);
  assert.equal(await dispatchDue(h.deps, { fetch: f.fetch }), 1);
  const first = f.sent[0]!;
  assert.equal(first.url, 'https://example.test/hook');
  const payload = JSON.parse(first.body) as Record<string, any>;
  assert.equal(payload.type, 'fine_tuning.job.cancelled');
  assert.equal(payload.data.id, job.id);
  assert.equal(first.headers['edgetune-signature'], sign(wh.secret, Number(first.headers['edgetune-timestamp']), first.body));
  assert.equal(first.headers['edgetune-delivery'], payload.id);
  const log = (await (await h.req(`/v1/webhooks/${wh.id}/deliveries`)).json()) as { data: Record<string, any>[] };
  assert.deepEqual([log.data[0]!.status, log.data[0]!.attempts, log.data[0]!.last_status_code], ['delivered', 3, 200]);
});

test('a delivery that keeps failing is marked failed after max attempts', async () => {
  const h = await harness({ webhookRetryBaseMs: 10, webhookMaxAttempts: 2 });
  const wh = (await (await h.req('/v1/webhooks', { json: { url: 'https://example.test/x', events: ['*'] } })).json()) as { id: string };
  await createJob(h, { training_file: await uploadDataset(h) });
  const f = fakeFetch([503, 503, 503, 503]);
  for (let i = 0; i < 5; i++) {
    await dispatchDue(h.deps, { fetch: f.fetch });
    h.deps.clock.advance(1000);
  }
  const log = (await (await h.req(`/v1/webhooks/${wh.id}/deliveries`)).json()) as { data: Record<string, any>[] };
  assert.deepEqual(log.data.map((d) => [d.event, d.status, d.attempts, d.last_error]), [['fine_tuning.job.queued', 'failed', 2, 'HTTP 503']]);
});

test('subscriptions validate, are admin-only, tenant-scoped, and deletable', async () => {
  const h = await harness();
  for (const [json, param] of [
    [{ url: 'ftp://x', events: ['*'] }, 'url'],
    [{ url: 'https://x.test', events: ['job.done'] }, 'events.0'],
    [{ url: 'https://x.test', events: [] }, 'events'],
    [{ url: 'https://x.test', events: ['*'], secret: 'mine' }, 'secret'],
  ] as const) {
    const e = await errorOf(await h.req('/v1/webhooks', { json }));
    assert.deepEqual([e.status, e.param], [422, param]);
  }
  const train = await h.key(h.adminKey, ['train']);
  assert.equal((await h.req('/v1/webhooks', { key: train })).status, 403);
  const wh = (await (await h.req('/v1/webhooks', { json: { url: 'https://x.test', events: ['*'] } })).json()) as { id: string };
  const other = await h.tenant();
  assert.equal((await h.req(`/v1/webhooks/${wh.id}/deliveries`, { key: other.adminKey })).status, 404);
  assert.equal((await h.req(`/v1/webhooks/${wh.id}`, { method: 'DELETE' })).status, 200);
  assert.equal((await h.req(`/v1/webhooks/${wh.id}`)).status, 404);
});

test('webhook URLs on loopback, private or link-local hosts are refused unless allowed', async () => {
  const h = await harness();
  for (const url of ['http://127.0.0.1:8787/v1/keys', 'http://localhost/x', 'http://169.254.169.254/latest/meta-data', 'http://[::ffff:10.0.0.1]/x', 'http://2130706433/x']) {
    const e = await errorOf(await h.req('/v1/webhooks', { json: { url, events: ['*'] } }));
    assert.deepEqual([e.status, e.param], [422, 'url'], url);
    assert.match(e.message, /EDGETUNE_ALLOW_PRIVATE_WEBHOOKS/);
  }
  assert.equal((await h.deps.meta.webhooks.list(h.rootTenant)).length, 0, 'nothing was stored');
  const dev = await harness({ allowPrivateWebhooks: true });
  assert.equal((await dev.req('/v1/webhooks', { json: { url: 'http://127.0.0.1:9/x', events: ['*'] } })).status, 201);
});

test('a delivery to a host that resolves to a private address is not sent, and says why', async () => {
  const h = await harness({ webhookRetryBaseMs: 1000 });
  const wh = (await (await h.req('/v1/webhooks', { json: { url: 'https://internal.example.test/hook', events: ['*'] } })).json()) as { id: string };
  await createJob(h, { training_file: await uploadDataset(h) });
  const f = fakeFetch([200]);
  const resolve = async (host: string) => (host === 'internal.example.test' ? ['93.184.215.14', '10.1.2.3'] : ['93.184.215.14']);
  assert.equal(await dispatchDue(h.deps, { fetch: f.fetch, resolve }), 1);
  assert.equal(f.sent.length, 0);
  const log = (await (await h.req(`/v1/webhooks/${wh.id}/deliveries`)).json()) as { data: Record<string, any>[] };
  assert.deepEqual([log.data[0]!.status, log.data[0]!.attempts], ['pending', 1]);
  assert.match(log.data[0]!.last_error, /^refused: internal\.example\.test resolves to 10\.1\.2\.3, a private address/);
  // a public host goes out as before
  await h.req(`/v1/webhooks/${wh.id}`, { method: 'DELETE' });
  await h.req('/v1/webhooks', { json: { url: 'https://public.example.test/hook', events: ['*'] } });
  await createJob(h, { training_file: await uploadDataset(h) });
  await dispatchDue(h.deps, { fetch: f.fetch, resolve });
  assert.deepEqual(f.sent.map((x) => x.url), ['https://public.example.test/hook']);
});
