import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorOf, harness } from '../test-support/harness.ts';
import { memoryMetadata } from '../drivers/memory/metadata.ts';
import { bootstrap } from './bootstrap.ts';
import { mintKey, parseKey, verifySecret } from './keys.ts';

test('keys are random, parse back to their id, and only the salted hash is stored', () => {
  const a = mintKey('tn_x', 'a', ['train'], 0);
  const b = mintKey('tn_x', 'b', ['train'], 0);
  assert.notEqual(a.plaintext, b.plaintext);
  assert.notEqual(a.row.salt, b.row.salt);
  const parsed = parseKey(a.plaintext)!;
  assert.equal(parsed.id, a.row.id);
  assert.ok(verifySecret(a.row, parsed.secret));
  assert.ok(!verifySecret(a.row, parseKey(b.plaintext)!.secret));
  assert.ok(!JSON.stringify(a.row).includes(parsed.secret));
  assert.equal(parseKey('et_short_x'), undefined);
});

test('bootstrap creates the root tenant and one admin key once; a lost key is re-minted', async () => {
  const meta = memoryMetadata();
  const first = await bootstrap(meta, 0);
  assert.ok(first.adminKey?.startsWith('et_'));
  assert.equal((await bootstrap(meta, 1)).adminKey, null);
  const [key] = await meta.keys.list(first.tenant.id);
  await meta.keys.revoke(first.tenant.id, key!.id, 2);
  const again = await bootstrap(meta, 3);
  assert.equal(again.tenant.id, first.tenant.id);
  assert.ok(again.adminKey);
});

test('missing, malformed, unknown, wrong-secret and revoked keys are all 401 with a challenge', async () => {
  const h = await harness();
  const res = await h.req('/v1/datasets', { key: null });
  assert.equal(res.status, 401);
  assert.match(res.headers.get('www-authenticate') ?? '', /Bearer/);
  const real = parseKey(h.adminKey)!;
  const wrongSecret = `et_${real.id.slice(4)}_${'A'.repeat(43)}`;
  const unknown = `et_${'a'.repeat(20)}_${real.secret}`;
  for (const key of ['nonsense', wrongSecret, unknown]) {
    assert.deepEqual(await errorOf(await h.req('/v1/datasets', { key })), { status: 401, code: 'unauthorized', param: null, message: 'invalid API key' });
  }
  const train = await h.key(h.adminKey, ['train']);
  const id = parseKey(train)!.id;
  assert.equal((await h.req(`/v1/keys/${id}`, { method: 'DELETE' })).status, 200);
  assert.equal((await h.req('/v1/datasets', { key: train })).status, 401);
});

test('scopes: a key without the scope gets 403; admin implies every scope', async () => {
  const h = await harness();
  const infer = await h.key(h.adminKey, ['infer']);
  assert.equal((await h.req('/v1/datasets', { key: infer })).status, 403);
  assert.equal((await h.req('/v1/keys', { key: infer })).status, 403);
  assert.equal((await h.req('/v1/datasets')).status, 200);
});

test('key creation validates its body: unknown scope, unknown field, malformed JSON', async () => {
  const h = await harness();
  const e1 = await errorOf(await h.req('/v1/keys', { json: { name: 'x', scopes: ['root'] } }));
  assert.deepEqual([e1.status, e1.param], [422, 'scopes.0']);
  const e2 = await errorOf(await h.req('/v1/keys', { json: { name: 'x', scopes: ['train'], admin: true } }));
  assert.deepEqual([e2.status, e2.param], [422, 'admin']);
  const e3 = await errorOf(await h.req('/v1/keys', { json: '{"name": ' }));
  assert.deepEqual([e3.status, e3.code], [400, 'invalid_json']);
  const e4 = await errorOf(await h.req('/v1/keys', { json: { name: 7, scopes: ['train'] } }));
  assert.deepEqual([e4.status, e4.param], [422, 'name']);
  const e5 = await errorOf(await h.req('/v1/keys', { body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
  assert.deepEqual([e5.status, e5.code], [400, 'invalid_request']);
  const e6 = await errorOf(await h.req('/v1/keys', { json: { name: 'x'.repeat(2_000_000), scopes: ['train'] } }));
  assert.equal(e6.status, 413);
  assert.equal((await h.deps.meta.keys.list(h.rootTenant)).length, 1, 'no key was created by a failed request');
});

test('the created key is shown once: listing never returns secrets', async () => {
  const h = await harness();
  const res = await h.req('/v1/keys', { json: { name: 'ci', scopes: ['train', 'infer'] } });
  assert.equal(res.status, 201);
  const created = (await res.json()) as { key: string };
  const list = await (await h.req('/v1/keys')).text();
  assert.ok(!list.includes(created.key.slice(24)));
  assert.ok(!list.includes('"key"'));
});

test('tenants: only root admins create them; a tenant admin cannot see the root tenant', async () => {
  const h = await harness();
  const t = await h.tenant('acme');
  assert.ok(t.adminKey.startsWith('et_'));
  assert.equal((await h.req('/v1/tenants', { key: t.adminKey, json: { name: 'evil' } })).status, 403);
  const rootTrain = await h.key(h.adminKey, ['train']);
  assert.equal((await h.req('/v1/tenants', { key: rootTrain })).status, 403);
  const keys = (await (await h.req('/v1/keys', { key: t.adminKey })).json()) as { data: unknown[] };
  assert.equal(keys.data.length, 1);
  // revoking another tenant's key: 404, not 403
  const [rootKey] = await h.deps.meta.keys.list(h.rootTenant);
  assert.equal((await h.req(`/v1/keys/${rootKey!.id}`, { method: 'DELETE', key: t.adminKey })).status, 404);
});
