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
