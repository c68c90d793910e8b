// End to end on the Node flavour: a real HTTP server, folder/SQLite drivers, the in-process runner
// training with core's train() on a tiny model, then a restart on the same data folder.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeTinyRandomModel } from '@edgetune/core/weights/tiny-random.ts';
import { openMigratedSqlite } from './drivers/node/sqlite.ts';
import { sqlJobQueue } from './drivers/sql/job-queue.ts';
import { startNode } from './node.ts';
import { waitFor } from '@edgetune/core/test-support/wait.ts';

const tmp = mkdtempSync(join(tmpdir(), 'edgetune-node-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const COLORS = ['red', 'blue', 'green'];
const rows = Array.from({ length: 24 }, (_, i) => ({ prompt: `the ${COLORS[i % 3]} cat`, completion: ` sat on mat ${i % 4}.` }));

test('upload → job → in-process runner trains → adapter published; state survives a restart', async () => {
  const model = join(tmp, 'model');
  writeTinyRandomModel(model, { arch: 'gpt2', vocabSize: 300, hidden: 64, layers: 1, heads: 2, maxPositions: 64 });
  const dataDir = join(tmp, 'data');
  const logs: string[] = [];
  const env = { EDGETUNE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', EDGETUNE_BASE_MODEL: `tiny=${model}` };
  const node = await startNode(env, (m) => logs.push(m));
  try {
    assert.ok(node.adminKey?.startsWith('et_'));
    assert.equal(readFileSync(join(dataDir, 'admin-key'), 'utf8').trim(), node.adminKey);
    assert.equal(statSync(join(dataDir, 'admin-key')).mode & 0o777, 0o600);
    assert.ok(logs.some((l) => l.includes(node.url)) && logs.some((l) => l.includes(node.adminKey!)));
    const auth = { authorization: `Bearer ${node.adminKey}` };

    const up = await fetch(`${node.url}/v1/datasets?name=cats`, { method: 'POST', headers: { ...auth, 'content-type': 'application/jsonl' }, body: rows.map((r) => JSON.stringify(r)).join('\n') });
    assert.equal(up.status, 201);
    const ds = (await up.json()) as { id: string };
    const created = await fetch(`${node.url}/v1/fine_tuning/jobs`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tiny', training_file: ds.id, suffix: 'cats', seed: 1, method: { type: 'lora', config: { r: 4, target_modules: ['c_attn'] } }, hyperparameters: { steps: 6, batch_size: 4, seq_len: 32, learning_rate: 0.003 } }),
    });
    assert.equal(created.status, 201);
    const job = (await created.json()) as { id: string };

    // SSE over a real socket: the stream ends when the job does
    const sse = await (await fetch(`${node.url}/v1/fine_tuning/jobs/${job.id}/events?stream=true`, { headers: auth })).text();
    assert.match(sse, /event: done/);
    const done = await waitFor('the job to finish', async () => {
      const j = (await (await fetch(`${node.url}/v1/fine_tuning/jobs/${job.id}`, { headers: auth })).json()) as Record<string, any>;
      return ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : undefined;
    });
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    assert.equal(done.fine_tuned_model, 'cats@1');
    assert.ok(done.trained_tokens > 0);
    assert.match(sse, /Step 6\/6: train_loss=/);
    const ckpts = (await (await fetch(`${node.url}/v1/fine_tuning/jobs/${job.id}/checkpoints`, { headers: auth })).json()) as { data: { step_number: number }[] };
    assert.deepEqual(ckpts.data.map((c) => c.step_number), [6]);
    const models = (await (await fetch(`${node.url}/v1/models`, { headers: auth })).json()) as { data: { id: string }[] };
    assert.deepEqual(models.data.map((m) => m.id), ['tiny', 'cats']);
    const completion = await fetch(`${node.url}/v1/completions`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'cats', prompt: 'the red cat', max_tokens: 4, temperature: 0 }),
    });
    assert.equal(completion.status, 200);
    assert.equal(((await completion.json()) as { model: string }).model, 'cats@1');
    // a streamed chat completion through base:adapter, over the socket; greedy, so it must stream
    // exactly the text the same request returns unstreamed
    const chatRequest = { model: 'tiny:cats', messages: [{ role: 'user', content: 'the red cat' }], max_tokens: 4, temperature: 0 };
    const whole = (await (await fetch(`${node.url}/v1/chat/completions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(chatRequest) })).json()) as { choices: { message: { content: string } }[] };
    const chat = await fetch(`${node.url}/v1/chat/completions`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ ...chatRequest, stream: true }),
    });
    assert.equal(chat.status, 200);
    assert.equal(chat.headers.get('content-type'), 'text/event-stream');
    assert.equal(chat.headers.get('x-edgetune-adapter'), 'cats@1');
    const chunks = (await chat.text()).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
    assert.equal(chunks.at(-1), '[DONE]');
    const pieces = chunks.slice(0, -1).map((c) => JSON.parse(c) as { object: string; model: string; choices: { delta: { content?: string } }[] });
    assert.ok(pieces.every((p) => p.object === 'chat.completion.chunk' && p.model === 'cats@1'));
    const streamed = pieces.map((p) => p.choices[0]!.delta.content ?? '').join('');
    assert.equal(streamed, whole.choices[0]!.message.content);
    assert.ok(streamed.length > 0, 'some text streamed');
  } finally {
    await node.stop();
  }
  const stored = openMigratedSqlite(join(dataDir, 'edgetune.sqlite'));
  assert.deepEqual(await sqlJobQueue(stored.db).entries(), [], 'the finished job left the queue, on disk');
  stored.close();

  const again = await startNode({ ...env, EDGETUNE_RUNNER: '0' }, () => {});
  try {
    const auth = { authorization: `Bearer ${again.adminKey}` };
    const adapter = (await (await fetch(`${again.url}/v1/adapters/cats`, { headers: auth })).json()) as Record<string, any>;
    assert.deepEqual(adapter.aliases, { latest: 1 });
    assert.ok(existsSync(join(dataDir, 'blobs', 't')));
    const keys = (await (await fetch(`${again.url}/v1/keys`, { headers: auth })).json()) as { data: { name: string; revoked_at: number | null }[] };
    assert.equal(keys.data.filter((k) => k.name === 'in-process runner' && k.revoked_at === null).length, 1, 'earlier runner keys are revoked');
  } finally {
    await again.stop();
  }
});

test('without a configured base model a tiny one is generated, and the log says so plainly', async () => {
  const logs: string[] = [];
  const node = await startNode({ EDGETUNE_DATA_DIR: join(tmp, 'gen'), PORT: '0', HOST: '127.0.0.1', EDGETUNE_RUNNER: '0' }, (m) => logs.push(m));
  try {
    assert.ok(existsSync(join(tmp, 'gen', 'models', 'tiny-gpt2', 'model.safetensors')));
    assert.ok(logs.some((l) => /no base model configured/.test(l)));
    assert.ok(logs.some((l) => /random weights and produces gibberish/.test(l)));
    assert.equal((await fetch(`${node.url}/health`)).status, 200);
  } finally {
    await node.stop();
  }
});
