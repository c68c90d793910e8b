import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../test-support/harness.ts';

test('GET /v1/methods lists every method with its config as JSON Schema, without a key', async () => {
  const h = await harness();
  const res = await h.req('/v1/methods', { key: null });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { object: string; data: { name: string; peft_type: string | null; description: string; config_schema: any }[] };
  assert.equal(body.object, 'list');
  const names = body.data.map((m) => m.name);
  for (const n of ['lora', 'dora', 'ia3', 'prompt-tuning', 'full']) assert.ok(names.includes(n), n);
  const lora = body.data.find((m) => m.name === 'lora')!;
  assert.equal(lora.peft_type, 'LORA');
  assert.ok(lora.description.length > 0);
  assert.equal(lora.config_schema.type, 'object');
  assert.equal(lora.config_schema.properties.r.type, 'integer');
  assert.equal(lora.config_schema.properties.r.default, 8);
  assert.match(lora.config_schema.properties.r.description, /rank/);
  const one = await h.req('/v1/methods/prompt-tuning', { key: null });
  assert.equal(one.status, 200);
  assert.equal(((await one.json()) as any).config_schema.properties.num_virtual_tokens.default, 20);
  assert.equal((await h.req('/v1/methods/nope', { key: null })).status, 404);
});
