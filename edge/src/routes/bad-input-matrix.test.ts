// Bad input on every endpoint, driven by the route docs (the OpenAPI test keeps those complete):
// no key or a wrong key → 401, a key without the route's scope → 403, malformed JSON → 400, an
// unknown field → 400/422 naming a field, an oversized body → 413, an unknown id → 404. And after
// each failed request nothing was written: no row, no blob, no queued job.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROUTE_DOCS, type Auth, type RouteDoc } from '../openapi/route-docs.ts';
import { adapterForm } from '../test-support/adapters.ts';
import { errorOf, harness, type Harness } from '../test-support/harness.ts';

const KEYED: readonly Auth[] = ['admin', 'root', 'train', 'infer', 'runner'];
const keyed = ROUTE_DOCS.filter((r) => KEYED.includes(r.auth) && r.method !== 'head');
const unknownIds = (r: RouteDoc) => r.path.replace(/:(\w+)/g, (_, name: string) => (name === 'version' ? '999' : name === 'which' ? 'training_file' : `nope_${name}`));
/** Real names where a route's body is checked after its resource is found: the adapter `bot`, alias `prod`. */
const knownIds = (r: RouteDoc) => r.path.replace(':name', 'bot').replace(':alias', 'prod').replace(/:(\w+)/g, (_, name: string) => `nope_${name}`);
const jsonBody = (r: RouteDoc) => r.body !== undefined && (r.body.type ?? 'application/json') === 'application/json';

/** Everything a failed request could have left behind. */
async function footprint(h: Harness): Promise<string> {
  const blobs = await h.deps.blobs.list();
  const queued = (await h.deps.queue.entries()).map((e) => e.jobId);
  const page = { limit: 1000 };
  const tenants = await h.deps.meta.tenants.list();
  const rows = await Promise.all(tenants.map(async (t) => [
    (await h.deps.meta.datasets.list(t.id, page)).data.length, (await h.deps.meta.jobs.list(t.id, page)).data.length,
    (await h.deps.meta.adapters.list(t.id)).length, (await h.deps.meta.hooks.list(t.id)).length, (await h.deps.meta.webhooks.list(t.id)).length,
  ]));
  return JSON.stringify({ blobs, queued, tenants: tenants.length, rows });
}

/** A key that is valid but lacks the scope the route needs. */
async function wrongScopeKey(h: Harness, auth: Auth, other: { adminKey: string }): Promise<string> {
  if (auth === 'root') return other.adminKey; // an admin, but not of the root tenant
  return h.key(h.adminKey, [auth === 'infer' ? 'runner' : 'infer']);
}

test('every keyed endpoint: 401 without a key or with a wrong one, 403 without its scope; nothing is written', async () => {
  const h = await harness();
  const other = await h.tenant('other');
  const before = await footprint(h);
  for (const r of keyed) {
    const path = unknownIds(r);
    const init = { method: r.method.toUpperCase(), ...(jsonBody(r) ? { json: {} } : {}) };
    for (const key of [null, 'et_nope_nope', `${h.adminKey.slice(0, -4)}abcd`]) {
      const res = await h.req(path, { ...init, key });
      assert.equal(res.status, 401, `${r.method} ${r.path} with key ${key}`);
    }
    const wrong = await h.req(path, { ...init, key: await wrongScopeKey(h, r.auth, other) });
    assert.equal(wrong.status, 403, `${r.method} ${r.path} without scope ${r.auth}`);
  }
  assert.ok(keyed.length > 40, 'the matrix covers the keyed routes');
  assert.equal(await footprint(h), before, 'no rows, blobs or jobs from refused requests');
});

test('every JSON endpoint: 400 for malformed JSON, 400/422 naming a field for an unknown one, 413 when oversized', async () => {
  const h = await harness({ maxJsonBytes: 4096 });
  assert.equal((await h.req('/v1/adapters', { method: 'POST', body: adapterForm({ name: 'bot', base_model: 'tiny-gpt2', aliases: 'prod' }) })).status, 201);
  const before = await footprint(h);
  const checked: string[] = [];
  for (const r of ROUTE_DOCS.filter(jsonBody)) {
    const path = knownIds(r);
    const key = r.auth === 'signature' || r.auth === 'none' ? null : undefined;
    const what = `${r.method} ${r.path}`;
    const malformed = await h.req(path, { method: r.method.toUpperCase(), key, json: '{"name": ' });
    if (r.auth === 'signature') {
      assert.ok([401, 404].includes(malformed.status), `${what}: unsigned (${malformed.status})`);
      continue;
    }
    const m = await errorOf(malformed);
    if (m.status === 404 && r.path.includes(':id')) continue; // e.g. feedback on a completion that never was
    assert.equal(m.status, 400, `${what}: malformed JSON (${m.message})`);
    checked.push(what);
    const unknown = await errorOf(await h.req(path, { method: r.method.toUpperCase(), key, json: { zz_not_a_field: 1 } }));
    assert.ok([400, 422].includes(unknown.status), `${what}: unknown field gave ${unknown.status}`);
    assert.ok(unknown.param, `${what}: the error names the failing field (${unknown.message})`);
    const big = await h.req(path, { method: r.method.toUpperCase(), key, json: JSON.stringify({ pad: 'x'.repeat(8192) }) });
    assert.equal(big.status, 413, `${what}: oversized body`);
  }
  assert.ok(checked.length >= ROUTE_DOCS.filter(jsonBody).length - 2, `JSON routes checked: ${checked.join(', ')}`);
  assert.equal(await footprint(h), before);
});

test('every endpoint with an id: an unknown id is 404', async () => {
  const h = await harness();
  const runnerKey = await h.key(h.adminKey, ['runner']);
  for (const r of keyed.filter((x) => x.path.includes(':') && !jsonBody(x))) {
    const res = await h.req(unknownIds(r), { method: r.method.toUpperCase(), key: r.auth === 'runner' ? runnerKey : undefined });
    assert.equal(res.status, 404, `${r.method} ${r.path}: ${res.status} ${await res.clone().text()}`);
  }
});
