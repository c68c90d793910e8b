import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterForm, loraFiles } from '../test-support/adapters.ts';
import { errorOf, harness, type Harness } from '../test-support/harness.ts';

const upload = (h: Harness, fields: Record<string, string>, files?: Parameters<typeof adapterForm>[1], key?: string) =>
  h.req('/v1/adapters', { method: 'POST', body: adapterForm(fields, files), key });

async function assertNothingStored(h: Harness) {
  assert.deepEqual(await h.deps.meta.adapters.list(h.rootTenant), []);
  assert.deepEqual(await h.deps.blobs.list(), []);
}

test('a valid LoRA upload creates version 1 with its method, rank and content hash; aliases follow', async () => {
  const h = await harness();
  const res = await upload(h, { name: 'support', base_model: 'tiny-gpt2', aliases: 'prod' });
  assert.equal(res.status, 201);
  const body = (await res.json()) as Record<string, any>;
  assert.equal(body.created_version.version, 1);
  assert.equal(body.created_version.method, 'lora');
  assert.equal(body.created_version.rank, 4);
  assert.deepEqual(body.aliases, { prod: 1 });
  assert.deepEqual(await h.deps.blobs.list(), [`t/${h.rootTenant}/adapters/sha256/${body.created_version.sha256}`]);
  const v2 = (await (await upload(h, { name: 'support', base_model: 'tiny-gpt2' }, loraFiles({ seed: 9 }))).json()) as Record<string, any>;
  assert.equal(v2.created_version.version, 2);
  assert.equal((await h.deps.blobs.list()).length, 2);
});

test('the same bytes uploaded twice are stored once', async () => {
  const h = await harness();
  await upload(h, { name: 'a', base_model: 'tiny-gpt2' });
  await upload(h, { name: 'b', base_model: 'tiny-gpt2' });
  assert.equal((await h.deps.blobs.list()).length, 1);
  await h.req('/v1/adapters/a', { method: 'DELETE' });
  assert.equal((await h.deps.blobs.list()).length, 1, 'b still uses the blob');
  await h.req('/v1/adapters/b', { method: 'DELETE' });
  assert.deepEqual(await h.deps.blobs.list(), []);
});

test('adapters are checked against the base model; a rejected upload stores nothing', async () => {
  const h = await harness();
  const cases: [string, Parameters<typeof adapterForm>[1], Record<string, string>, number, string][] = [
    ['module the model lacks', loraFiles({ modules: { 'transformer.h.7.attn.c_attn': [32, 96] } }), {}, 422, 'adapter_model'],
    ['shape that does not fit', loraFiles({ modules: { 'transformer.h.0.attn.c_attn': [32, 64] } }), {}, 422, 'adapter_model'],
    ['rank over the limit', loraFiles({ r: 32 }), {}, 422, 'r'],
    ['llama modules on gpt2', loraFiles({ modules: { 'model.layers.0.self_attn.q_proj': [32, 32] } }), {}, 422, 'adapter_model'],
    ['config the plugin rejects', loraFiles({ config: { lora_dropout: 3 } }), {}, 422, 'adapter_config'],
    ['config without peft_type', loraFiles({ config: { peft_type: undefined } }), {}, 422, 'adapter_config.peft_type'],
    ['malformed config JSON', { config: '{"peft_type":', weights: loraFiles().weights }, {}, 422, 'adapter_config'],
    ['weights that are not safetensors', { config: loraFiles().config, weights: new Uint8Array([1, 2, 3]) }, {}, 422, 'adapter_model'],
    ['missing weights part', { config: loraFiles().config }, {}, 400, 'adapter_model'],
    ['unknown base model', loraFiles(), { base_model: 'gpt-5' }, 422, 'base_model'],
    ['bad name', loraFiles(), { name: 'Bad Name' }, 422, 'name'],
    ['unknown form field', loraFiles(), { colour: 'red' }, 422, 'colour'],
    ['bad alias', loraFiles(), { aliases: '7' }, 422, 'aliases.0'],
  ];
  for (const [what, files, fields, status, param] of cases) {
    const e = await errorOf(await upload(h, { name: 'x', base_model: 'tiny-gpt2', ...fields }, files));
    assert.deepEqual([e.status, e.param], [status, param], `${what}: ${e.message}`);
  }
  await assertNothingStored(h);
});

test('llama adapters validate against llama modules ([out, in] weights, GQA widths)', async () => {
  const h = await harness();
  const files = loraFiles({ modules: { 'model.layers.0.self_attn.q_proj': [32, 32], 'model.layers.0.self_attn.k_proj': [32, 16] }, config: { target_modules: ['q_proj', 'k_proj'], fan_in_fan_out: false } });
  assert.equal((await upload(h, { name: 'l', base_model: 'tiny-llama' }, files)).status, 201);
  const bad = loraFiles({ modules: { 'model.layers.0.self_attn.k_proj': [32, 32] }, config: { target_modules: ['k_proj'] } });
  assert.equal((await upload(h, { name: 'l2', base_model: 'tiny-llama' }, bad)).status, 422);
  const wrongBase = await errorOf(await upload(h, { name: 'l', base_model: 'tiny-gpt2' }, loraFiles()));
  assert.deepEqual([wrongBase.status, wrongBase.param], [409, 'base_model']);
});

test('oversized and non-multipart uploads', async () => {
  const h = await harness({ maxAdapterBytes: 1000 });
  assert.equal((await upload(h, { name: 'x', base_model: 'tiny-gpt2' })).status, 413);
  const e = await errorOf(await h.req('/v1/adapters', { json: { name: 'x' } }));
  assert.deepEqual([e.status, e.code], [400, 'invalid_request']);
  await assertNothingStored(h);
});

test('aliases, traffic splits and resolution', async () => {
  const h = await harness();
  for (const seed of [1, 2, 3]) await upload(h, { name: 'bot', base_model: 'tiny-gpt2' }, loraFiles({ seed }));
  assert.equal((await h.req('/v1/adapters/bot/aliases/prod', { method: 'PUT', json: { version: 2 } })).status, 200);
  const resolve = async (ref: string, q = '') => (await (await h.req(`/v1/adapters/${ref}/resolve${q}`)).json()) as Record<string, any>;
  assert.equal((await resolve('bot')).version.version, 3);
  assert.equal((await resolve('bot@1')).version.version, 1);
  assert.equal((await resolve('bot@prod')).version.version, 2);
  assert.equal((await h.req('/v1/adapters/bot@9/resolve')).status, 404);
  assert.equal((await h.req('/v1/adapters/bot@nope/resolve')).status, 404);

  const split = await h.req('/v1/adapters/bot/traffic', { method: 'PUT', json: { routes: [{ target: 'prod', weight: 90 }, { target: '3', weight: 10 }] } });
  assert.equal(split.status, 200);
  assert.deepEqual(((await split.json()) as Record<string, any>).traffic, [{ target: 'prod', weight: 90 }, { target: '3', weight: 10 }]);
  const counts: Record<number, number> = {};
  for (let i = 0; i < 400; i++) {
    const v = (await resolve('bot', `?sticky=user-${i}`)).version.version as number;
    counts[v] = (counts[v] ?? 0) + 1;
  }
  assert.ok(counts[2]! > 320 && counts[3]! > 15, JSON.stringify(counts));
  assert.equal((await resolve('bot', '?sticky=u1')).version.version, (await resolve('bot', '?sticky=u1')).version.version);

  // referenced versions and aliases cannot go away
  assert.equal((await h.req('/v1/adapters/bot/versions/2', { method: 'DELETE' })).status, 409);
  assert.equal((await h.req('/v1/adapters/bot/aliases/prod', { method: 'DELETE' })).status, 409);
  assert.equal((await h.req('/v1/adapters/bot/versions/3', { method: 'DELETE' })).status, 409);
  const badSplit = [
    [{ routes: [{ target: '9', weight: 1 }] }, 404, 'routes.0.target'],
    [{ routes: [{ target: 'prod', weight: 0 }] }, 422, 'routes.0.weight'],
    [{ routes: [] }, 422, 'routes'],
    [{ routes: [{ target: 'prod', weight: 1 }], extra: 1 }, 422, 'extra'],
  ] as const;
  for (const [json, status, param] of badSplit) {
    const e = await errorOf(await h.req('/v1/adapters/bot/traffic', { method: 'PUT', json }));
    assert.deepEqual([e.status, e.param], [status, param]);
  }
  assert.equal((await h.req('/v1/adapters/bot/traffic', { method: 'DELETE' })).status, 200);
  assert.equal((await h.req('/v1/adapters/bot/versions/3', { method: 'DELETE' })).status, 200);
  assert.equal((await resolve('bot')).version.version, 2);
  assert.equal((await h.deps.blobs.list()).length, 2);
  const alias = await errorOf(await h.req('/v1/adapters/bot/aliases/prod', { method: 'PUT', json: { version: 'two' } }));
  assert.deepEqual([alias.status, alias.param], [422, 'version']);
  assert.equal((await h.req('/v1/adapters/bot/aliases/prod', { method: 'PUT', json: { version: 3 } })).status, 404);
  assert.equal((await h.req('/v1/adapters/bot/aliases/9x', { method: 'PUT', json: { version: 1 } })).status, 422);
});

test('tenants cannot see, resolve, alias or delete each other\'s adapters (404)', async () => {
  const h = await harness();
  await upload(h, { name: 'secret', base_model: 'tiny-gpt2' });
  const other = await h.tenant();
  for (const [path, method, json] of [
    ['/v1/adapters/secret', 'GET'], ['/v1/adapters/secret/resolve', 'GET'], ['/v1/adapters/secret', 'DELETE'],
    ['/v1/adapters/secret/aliases/x', 'PUT', { version: 1 }], ['/v1/models/secret', 'GET'],
  ] as const) {
    assert.equal((await h.req(path, { method, key: other.adminKey, json })).status, 404, `${method} ${path}`);
  }
  // the same name in another tenant is a different adapter
  assert.equal((await upload(h, { name: 'secret', base_model: 'tiny-gpt2' }, undefined, other.adminKey)).status, 201);
  assert.equal((await h.deps.blobs.list()).length, 2, 'blobs are per tenant');
  const infer = await h.key(h.adminKey, ['infer']);
  assert.equal((await upload(h, { name: 'x', base_model: 'tiny-gpt2' }, undefined, infer)).status, 403);
  assert.equal((await h.req('/v1/adapters', { key: infer })).status, 200);
});

test('/v1/models lists base models and the tenant\'s adapters', async () => {
  const h = await harness();
  await upload(h, { name: 'bot', base_model: 'tiny-gpt2', aliases: 'prod,canary' });
  const list = (await (await h.req('/v1/models')).json()) as { data: Record<string, any>[] };
  assert.deepEqual(list.data.map((m) => m.id), ['tiny-gpt2', 'tiny-llama', 'bot']);
  assert.deepEqual(list.data[2]!.aliases, ['canary', 'prod']);
  assert.equal(((await (await h.req('/v1/models/tiny-gpt2')).json()) as Record<string, any>).kind, 'base');
  assert.equal((await h.req('/v1/models/nope')).status, 404);
});
