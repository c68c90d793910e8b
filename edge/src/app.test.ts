import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from './app.ts';

test('GET /health answers without a server', async () => {
  const res = await createApp().request('/health');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok', service: 'edgetune' });
});

test('unknown routes are 404', async () => {
  assert.equal((await createApp().request('/nope')).status, 404);
});

test('without drivers (the Workers entry today) /v1 answers 501, the docs still work', async () => {
  const app = createApp();
  const res = await app.request('/v1/datasets');
  assert.equal(res.status, 501);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_implemented');
  assert.equal((await app.request('/openapi.json')).status, 200);
});
