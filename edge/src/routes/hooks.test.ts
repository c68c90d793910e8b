import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createJob, uploadDataset } from '../test-support/flow.ts';
import { errorOf, harness, type Harness } from '../test-support/harness.ts';
import { sign } from '../services/webhooks/signature.ts';

async function setup() {
  const h = await harness();
  const ds = await uploadDataset(h);
  const res = await h.req('/v1/hooks', { json: { name: 'nightly', recipe: { model: 'tiny-gpt2', training_file: ds, suffix: 'nightly', method: { type: 'lora', config: { r: 2 } } } } });
  assert.equal(res.status, 201);
  const hook = (await res.json()) as { id: string; secret: string; url: string };
  return { h, ds, hook };
}

function deliver(h: Harness, hook: { id: string; secret: string }, body: string, o: { delivery?: string; ts?: number; secret?: string; signature?: string } = {}) {
  const ts = o.ts ?? Math.floor(h.deps.clock.now() / 1000);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'edgetune-timestamp': String(ts), 'edgetune-signature': o.signature ?? sign(o.secret ?? hook.secret, ts, body) };
  if (o.delivery !== '') headers['edgetune-delivery'] = o.delivery ?? 'd-1';
  return h.req(`/v1/hooks/${hook.id}`, { method: 'POST', body, headers, key: null });
}

const jobCount = async (h: Harness) => (await h.deps.meta.jobs.list(h.rootTenant, { limit: 100 })).data.length;

test('a signed delivery starts a job from the recipe; the same delivery again is 409', async () => {
  const { h, hook } = await setup();
  assert.match(hook.secret, /^whsec_/);
  const res = await deliver(h, hook, JSON.stringify({ source: 'cron', overrides: { seed: 42 } }));
  assert.equal(res.status, 202);
  const body = (await res.json()) as { job: Record<string, any> };
  assert.deepEqual([body.job.status, body.job.seed, body.job.suffix, body.job.method.config.r], ['queued', 42, 'nightly', 2]);
  assert.equal((await h.deps.meta.jobs.get(h.rootTenant, body.job.id))?.source_hook_id, hook.id);
  const replay = await errorOf(await deliver(h, hook, JSON.stringify({ source: 'cron', overrides: { seed: 42 } })));
  assert.deepEqual([replay.status, replay.code], [409, 'conflict']);
  // a new delivery id on the same signed bytes is still the same request
  assert.equal((await deliver(h, hook, JSON.stringify({ source: 'cron', overrides: { seed: 42 } }), { delivery: 'd-2' })).status, 409);
  assert.equal(await jobCount(h), 1);
  const detail = (await (await h.req(`/v1/hooks/${hook.id}`)).json()) as { deliveries: { delivery_id: string; job_id: string }[]; secret?: string };
  assert.deepEqual(detail.deliveries.map((d) => [d.delivery_id, d.job_id]), [['d-1', body.job.id]]);
  assert.equal(detail.secret, undefined, 'the secret is shown once');
});

test('bad signatures, stale or future timestamps and missing headers are 401; nothing is created', async () => {
  const { h, hook } = await setup();
  const body = '{}';
  const now = Math.floor(h.deps.clock.now() / 1000);
  const cases: [string, Parameters<typeof deliver>[3], number][] = [
    ['wrong secret', { secret: 'whsec_wrong' }, 401],
    ['garbage signature', { signature: 'v1=deadbeef' }, 401],
    ['6 minutes old', { ts: now - 360 }, 401],
    ['6 minutes ahead', { ts: now + 360 }, 401],
    ['no delivery id', { delivery: '' }, 400],
  ];
  for (const [what, o, status] of cases) assert.equal((await deliver(h, hook, body, o)).status, status, what);
  assert.equal((await deliver(h, hook, body, { ts: now - 299, delivery: 'ok-1' })).status, 202, 'inside the 5-minute tolerance');
  const res = await h.req(`/v1/hooks/${hook.id}`, { method: 'POST', body, key: null });
  assert.equal(res.status, 401);
  assert.equal((await deliver(h, { ...hook, id: 'hook_nope' }, body)).status, 404);
  // the body is part of the signature
  const ts = now;
  const tampered = await h.req(`/v1/hooks/${hook.id}`, { method: 'POST', body: '{"overrides":{"seed":1}}', key: null, headers: { 'edgetune-timestamp': String(ts), 'edgetune-signature': sign(hook.secret, ts, '{}'), 'edgetune-delivery': 'x' } });
  assert.equal(tampered.status, 401);
  assert.equal(await jobCount(h), 1);
});

test('a bad payload is 400/422 and releases the delivery id for a corrected retry', async () => {
  const { h, hook } = await setup();
  const e1 = await errorOf(await deliver(h, hook, '{"overrides": '));
  assert.equal(e1.status, 400);
  const e2 = await errorOf(await deliver(h, hook, JSON.stringify({ overrides: { seed: 'x' } })));
  assert.deepEqual([e2.status, e2.param], [422, 'overrides.seed']);
  const e3 = await errorOf(await deliver(h, hook, JSON.stringify({ overrides: { model: 'other' } })));
  assert.deepEqual([e3.status, e3.param], [422, 'overrides.model']);
  const e4 = await errorOf(await deliver(h, hook, JSON.stringify({ overrides: { training_file: 'ds_gone' } })));
  assert.deepEqual([e4.status, e4.param], [404, 'training_file']);
  assert.equal(await jobCount(h), 0);
  assert.equal((await deliver(h, hook, JSON.stringify({ overrides: { seed: 3 } }))).status, 202, 'd-1 was released by the failures');
});

test('hook management: validation, tenant isolation, delete', async () => {
  const { h, hook, ds } = await setup();
  const e = await errorOf(await h.req('/v1/hooks', { json: { name: 'x', recipe: { model: 'tiny-gpt2', training_file: ds, hyperparameters: { n_epochs: 0 } } } }));
  assert.deepEqual([e.status, e.param], [422, 'recipe.hyperparameters.n_epochs']);
  assert.equal((await errorOf(await h.req('/v1/hooks', { json: { name: 'x' } }))).param, 'recipe');
  const other = await h.tenant();
  assert.equal((await h.req(`/v1/hooks/${hook.id}`, { key: other.adminKey })).status, 404);
  assert.equal((await h.req(`/v1/hooks/${hook.id}`, { method: 'DELETE', key: other.adminKey })).status, 404);
  assert.equal((await h.req(`/v1/hooks/${hook.id}`, { method: 'DELETE' })).status, 200);
  assert.equal((await deliver(h, hook, '{}')).status, 404);
  await createJob(h, { training_file: ds });
});
