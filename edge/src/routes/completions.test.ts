import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeTinyRandomModel } from '@edgetune/core/weights/tiny-random.ts';
import { LocalInference } from '../drivers/node/inference.ts';
import { staticCatalog } from '../ports/models.ts';
import { adapterForm, loraFiles } from '../test-support/adapters.ts';
import { errorOf, harness, TINY_GPT2, type Harness } from '../test-support/harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'edgetune-infer-'));
let h: Harness;

before(async () => {
  const dir = join(tmp, 'tiny-gpt2');
  // the same options as TINY_GPT2's config, now with weights and a tokenizer on disk
  writeTinyRandomModel(dir, { arch: 'gpt2', vocabSize: 300, hidden: 32, layers: 2, heads: 2, maxPositions: 64 });
  const model = { ...TINY_GPT2, dir };
  h = await harness({}, [model], { inference: new LocalInference(staticCatalog([model])) });
  const up = await h.req('/v1/adapters', { method: 'POST', body: adapterForm({ name: 'bot', base_model: 'tiny-gpt2', aliases: 'prod' }) });
  assert.equal(up.status, 201);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const complete = (json: unknown, key?: string) => h.req('/v1/completions', { json, key });

test('text completion with the base model and with an adapter (by alias)', async () => {
  const base = (await (await complete({ model: 'tiny-gpt2', prompt: 'hello', max_tokens: 5, temperature: 0 })).json()) as Record<string, any>;
  assert.equal(base.object, 'text_completion');
  assert.equal(base.model, 'tiny-gpt2');
  assert.equal(typeof base.choices[0].text, 'string');
  assert.ok(['stop', 'length'].includes(base.choices[0].finish_reason));
  assert.ok(base.usage.prompt_tokens > 0 && base.usage.completion_tokens <= 5);
  const tuned = (await (await complete({ model: 'bot@prod', prompt: 'hello', max_tokens: 5, temperature: 0 })).json()) as Record<string, any>;
  assert.equal(tuned.model, 'bot@1');
  assert.ok(tuned.usage.completion_tokens <= 5);
  const addressed = await complete({ model: 'tiny-gpt2:bot@prod', prompt: 'hello', max_tokens: 5, temperature: 0 });
  assert.equal(((await addressed.json()) as Record<string, any>).choices[0].text, tuned.choices[0].text, 'base:adapter is the same adapter');
});

test('an A/B split routes by weight; the response header names the version that served', async () => {
  const up = await h.req('/v1/adapters', { method: 'POST', body: adapterForm({ name: 'bot', base_model: 'tiny-gpt2' }, loraFiles({ seed: 7 })) });
  assert.equal(up.status, 201);
  assert.equal((await h.req('/v1/adapters/bot/traffic', { method: 'PUT', json: { routes: [{ target: '1', weight: 3 }, { target: '2', weight: 1 }] } })).status, 200);
  const served: string[] = [];
  for (let i = 0; i < 40; i++) {
    const res = await complete({ model: 'bot', prompt: 'hi', max_tokens: 1, user: `caller-${i}` });
    assert.equal(res.status, 200);
    const header = res.headers.get('x-edgetune-adapter')!;
    assert.equal(((await res.json()) as { model: string }).model, header);
    served.push(header);
  }
  const v1 = served.filter((s) => s === 'bot@1').length;
  assert.equal(v1 + served.filter((s) => s === 'bot@2').length, 40);
  assert.ok(v1 > 20 && v1 < 40, `a 3:1 split served bot@1 ${v1} of 40 times`);
  const sticky = await complete({ model: 'bot', prompt: 'hi', max_tokens: 1, user: 'caller-0' });
  assert.equal(sticky.headers.get('x-edgetune-adapter'), served[0], 'the same user lands on the same version');
  const stream = await complete({ model: 'bot@2', prompt: 'hi', max_tokens: 2, stream: true });
  assert.equal(stream.headers.get('x-edgetune-adapter'), 'bot@2');
  await stream.text();
  assert.equal((await complete({ model: 'tiny-gpt2', prompt: 'hi', max_tokens: 1 })).headers.get('x-edgetune-adapter'), 'none');
  assert.equal((await h.req('/v1/adapters/bot/traffic', { method: 'DELETE' })).status, 200);
});

test('chat completion and SSE streaming end with [DONE]', async () => {
  const chat = (await (await h.req('/v1/chat/completions', { json: { model: 'bot', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4, seed: 1 } })).json()) as Record<string, any>;
  assert.equal(chat.object, 'chat.completion');
  assert.equal(chat.choices[0].message.role, 'assistant');
  const res = await complete({ model: 'tiny-gpt2', prompt: 'abc', max_tokens: 6, stream: true, seed: 2 });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const lines = (await res.text()).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
  assert.equal(lines.at(-1), '[DONE]');
  const last = JSON.parse(lines.at(-2)!) as Record<string, any>;
  assert.ok(['stop', 'length'].includes(last.choices[0].finish_reason));
});

test('bad requests: fields, unknown models, scopes, tenants; no engine is 501', async () => {
  const cases: [unknown, number, string | null][] = [
    [{ model: 'nope', prompt: 'x' }, 404, 'model'],
    [{ model: 'bot@9', prompt: 'x' }, 404, 'model'],
    [{ model: 'nobase:bot', prompt: 'x' }, 404, 'model'],
    [{ model: 'tiny-gpt2:nope', prompt: 'x' }, 404, 'model'],
    [{ model: 'tiny-gpt2', prompt: 'x', n: 2 }, 422, 'n'],
    [{ model: 'tiny-gpt2', prompt: 'x', logit_bias: {} }, 422, 'logit_bias'],
    [{ model: 'tiny-gpt2', prompt: 3 }, 422, 'prompt'],
    [{ model: 'tiny-gpt2', prompt: 'x', temperature: 5 }, 422, 'temperature'],
    [{ model: 'tiny-gpt2', prompt: 'x', max_tokens: 1000 }, 413, null],
  ];
  for (const [json, status, param] of cases) {
    const e = await errorOf(await complete(json));
    assert.deepEqual([e.status, e.param], [status, param], `${JSON.stringify(json)}: ${e.message}`);
  }
  assert.equal((await errorOf(await complete('{"model":'))).status, 400);
  const train = await h.key(h.adminKey, ['train']);
  assert.equal((await complete({ model: 'tiny-gpt2', prompt: 'x' }, train)).status, 403);
  const other = await h.tenant();
  assert.equal((await complete({ model: 'bot', prompt: 'x' }, other.adminKey)).status, 404);
  const bare = await harness();
  assert.equal((await bare.req('/v1/completions', { json: { model: 'tiny-gpt2', prompt: 'x' } })).status, 501);
});

test('for the same seed, the streamed pieces join to exactly the unstreamed text (held-back partial UTF-8 and stop sequences included)', async () => {
  // an untrained byte-level model samples lone UTF-8 lead and continuation bytes: the case where
  // a streamer holds bytes back and must still end with what the whole reply says
  let stopped = 0;
  for (let seed = 1; seed <= 24; seed++) {
    // half the requests carry stop strings that the untrained model's output often contains
    const request = { model: 'bot', prompt: 'hi', max_tokens: 8, seed, ...(seed % 2 === 0 && { stop: ['e', '\u00ff'] }) };
    const res = (await (await complete(request)).json()) as Record<string, any>;
    const whole = res.choices[0].text as string;
    if (res.choices[0].finish_reason === 'stop') stopped++;
    const lines = (await (await complete({ ...request, stream: true })).text()).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
    const streamed = lines.slice(0, -1).map((l) => (JSON.parse(l) as Record<string, any>).choices[0].text ?? '').join('');
    assert.equal(streamed, whole, `seed ${seed}`);
  }
  assert.ok(stopped > 0, 'some requests ended at a stop sequence');
});
