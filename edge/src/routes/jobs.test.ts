import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorOf, harness } from '../test-support/harness.ts';
import { createJob, uploadDataset } from '../test-support/flow.ts';

test('creating a job validates files and queues it; events tell the story', async () => {
  const h = await harness();
  const ds = await uploadDataset(h);
  const job = await createJob(h, { training_file: ds, suffix: 'support-bot', seed: 7, hyperparameters: { n_epochs: 2 } });
  assert.equal(job.object, 'fine_tuning.job');
  assert.equal(job.status, 'queued');
  assert.equal(job.seed, 7);
  assert.deepEqual(job.method, { type: 'lora', config: job.method.config });
  assert.equal(job.method.config.r, 4);
  assert.equal(job.method.config.lora_alpha, 8, 'plugin defaults are filled in');
  assert.equal(job.hyperparameters.n_epochs, 2);
  assert.equal(job.hyperparameters.batch_size, 'auto');
  assert.deepEqual((await h.deps.queue.entries()).map((e) => e.jobId), [job.id]);
  const events = (await (await h.req(`/v1/fine_tuning/jobs/${job.id}/events`)).json()) as { data: { message: string }[] };
  assert.deepEqual(events.data.map((e) => e.message), [`Validating training file: ${ds}`, 'Files validated; job queued']);
  const got = (await (await h.req(`/v1/fine_tuning/jobs/${job.id}`)).json()) as Record<string, unknown>;
  assert.equal(got.id, job.id);
  const list = (await (await h.req('/v1/fine_tuning/jobs?limit=1')).json()) as { data: unknown[]; has_more: boolean };
  assert.equal(list.data.length, 1);
});

test('bad job requests are 400/404/422 naming the field, and write nothing', async () => {
  const h = await harness();
  const ds = await uploadDataset(h);
  const other = await h.tenant();
  const otherDs = await uploadDataset(h, undefined, other.adminKey);
  const base = { model: 'tiny-gpt2', training_file: ds };
  const cases: [unknown, number, string | null][] = [
    ['{"model": "tiny-gpt2",', 400, null],
    [[1, 2], 422, null],
    [{ ...base, colour: 'red' }, 422, 'colour'],
    [{ ...base, model: 5 }, 422, 'model'],
    [{ ...base, model: 'gpt-9' }, 422, 'model'],
    [{ ...base, hyperparameters: { n_epochs: 'lots' } }, 422, 'hyperparameters.n_epochs'],
    [{ ...base, hyperparameters: { epochs: 3 } }, 422, 'hyperparameters.epochs'],
    [{ ...base, method: { type: 'magic' } }, 422, 'method.type'],
    [{ ...base, method: { type: 'lora', config: { r: -1 } } }, 422, 'method.config.r'],
    [{ ...base, method: { type: 'lora', config: { lora_bias: true } } }, 422, 'method.config.lora_bias'],
    [{ ...base, suffix: 'Not Valid' }, 422, 'suffix'],
    [{ ...base, training_file: 'ds_missing' }, 404, 'training_file'],
    [{ ...base, training_file: otherDs }, 404, 'training_file'],
    [{ ...base, validation_file: 'ds_missing' }, 404, 'validation_file'],
    [{ model: 'tiny-gpt2' }, 422, 'training_file'],
  ];
  for (const [json, status, param] of cases) {
    const e = await errorOf(await h.req('/v1/fine_tuning/jobs', { json }));
    assert.deepEqual([e.status, e.param], [status, param], `${JSON.stringify(json)}: ${e.message}`);
  }
  assert.deepEqual((await h.deps.meta.jobs.list(h.rootTenant, { limit: 10 })).data, []);
  assert.deepEqual(await h.deps.queue.entries(), []);
  const big = await errorOf(await h.req('/v1/fine_tuning/jobs', { json: { ...base, suffix: 'x'.repeat(2_000_000) } }));
  assert.equal(big.status, 413);
});

test('a dataset the trainer cannot use fails the job in validation (not queued)', async () => {
  const h = await harness();
  const ds = await uploadDataset(h, [{ text: 'a', value: 1.5 }, { text: 'b', value: 2 }]);
  const job = await createJob(h, { training_file: ds });
  assert.equal(job.status, 'failed');
  assert.equal(job.error.param, 'training_file');
  assert.equal(job.error.code, 'invalid_file_kind');
  assert.deepEqual(await h.deps.queue.entries(), []);
});

test('cancel: queued jobs leave the queue; finished jobs are 409; unknown and foreign ids 404', async () => {
  const h = await harness();
  const ds = await uploadDataset(h);
  const job = await createJob(h, { training_file: ds });
  assert.equal((await h.req(`/v1/datasets/${ds}`, { method: 'DELETE' })).status, 409, 'a queued job keeps its dataset');
  const other = await h.tenant();
  assert.equal((await h.req(`/v1/fine_tuning/jobs/${job.id}`, { key: other.adminKey })).status, 404);
  assert.equal((await h.req(`/v1/fine_tuning/jobs/${job.id}/cancel`, { method: 'POST', key: other.adminKey })).status, 404);
  assert.equal((await h.req(`/v1/fine_tuning/jobs/${job.id}/events`, { key: other.adminKey })).status, 404);
  const res = await h.req(`/v1/fine_tuning/jobs/${job.id}/cancel`, { method: 'POST' });
  assert.equal(((await res.json()) as { status: string }).status, 'cancelled');
  assert.deepEqual(await h.deps.queue.entries(), []);
  assert.equal((await h.req(`/v1/fine_tuning/jobs/${job.id}/cancel`, { method: 'POST' })).status, 409);
  assert.equal((await h.req('/v1/fine_tuning/jobs/ftjob_nope')).status, 404);
  assert.equal((await h.req(`/v1/datasets/${ds}`, { method: 'DELETE' })).status, 200);
  const infer = await h.key(h.adminKey, ['infer']);
  assert.equal((await h.req('/v1/fine_tuning/jobs', { key: infer })).status, 403);
});

test('events stream over SSE until the job finishes', async () => {
  const h = await harness();
  const job = await createJob(h, { training_file: await uploadDataset(h) });
  const res = await h.req(`/v1/fine_tuning/jobs/${job.id}/events`, { headers: { accept: 'text/event-stream' } });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  setTimeout(() => void h.req(`/v1/fine_tuning/jobs/${job.id}/cancel`, { method: 'POST' }), 30);
  const text = await res.text();
  const events = text.split('\n\n').filter(Boolean).map((block) => Object.fromEntries(block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)])));
  assert.deepEqual(events.map((e) => e.event), ['event', 'event', 'event', 'done']);
  assert.equal(JSON.parse(events[2]!.data!).message, 'Job cancelled');
  assert.equal(JSON.parse(events[3]!.data!).status, 'cancelled');
  // resuming after the second event replays only what followed
  const again = await (await h.req(`/v1/fine_tuning/jobs/${job.id}/events?stream=true&after=${events[1]!.id}`)).text();
  assert.equal(again.match(/event: event/g)?.length, 1);
  assert.equal((await errorOf(await h.req(`/v1/fine_tuning/jobs/${job.id}/events?stream=maybe`))).param, 'stream');
});
