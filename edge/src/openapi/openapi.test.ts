import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../test-support/harness.ts';
import { createApp } from '../app.ts';
import { ROUTE_DOCS } from './route-docs.ts';

const norm = (p: string) => (p.length > 1 ? p.replace(/\/$/, '') : p);

test('every route the app serves is documented, and every documented route exists', async () => {
  const h = await harness();
  const served = new Set(h.app.routes.filter((r) => r.method !== 'ALL' && !r.path.endsWith('*')).flatMap((r) => (r.method === 'GET' ? [`get ${norm(r.path)}`] : [`${r.method.toLowerCase()} ${norm(r.path)}`])));
  served.delete('get /health'); // served twice (app and public routes) but documented once
  const documented = new Set(ROUTE_DOCS.map((r) => `${r.method} ${r.path}`));
  for (const s of served) assert.ok(documented.has(s), `undocumented route: ${s}`);
  for (const d of documented) if (d !== 'get /health') assert.ok(served.has(d), `documented but not served: ${d}`);
});

test('/openapi.json is OpenAPI 3.1 built from the zod schemas', async () => {
  const res = await createApp().request('/openapi.json');
  assert.equal(res.status, 200);
  const doc = (await res.json()) as Record<string, any>;
  assert.equal(doc.openapi, '3.1.0');
  const create = doc.paths['/v1/fine_tuning/jobs'].post;
  const schema = create.requestBody.content['application/json'].schema;
  assert.deepEqual(schema.required.sort(), ['model', 'training_file']);
  assert.equal(schema.additionalProperties, false, 'unknown fields are rejected, and the document says so');
  assert.equal(schema.properties.hyperparameters.properties.n_epochs.anyOf.length, 2);
  assert.equal(create.responses['422'].content['application/json'].schema.properties.error.type, 'object');
  assert.deepEqual(doc.paths['/v1/datasets/{id}'].get.parameters.map((p: { name: string }) => p.name), ['id']);
  assert.ok(doc.paths['/v1/datasets'].post.parameters.some((p: { name: string }) => p.name === 'on_invalid'));
  assert.deepEqual(doc.paths['/v1/hooks/{id}'].post.security, []);
});

test('/docs lists the endpoints', async () => {
  const res = await createApp().request('/docs');
  assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  const html = await res.text();
  assert.match(html, /\/v1\/fine_tuning\/jobs/);
  assert.match(html, /href="\/openapi.json"/);
});
