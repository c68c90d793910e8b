import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { folderFiles } from '../drivers/node/model-files.ts';
import { errorOf, harness, TINY_GPT2, TINY_LLAMA, type Harness } from '../test-support/harness.ts';
import { artifact, createJob, lease, putArtifact, uploadDataset } from '../test-support/flow.ts';

async function setup(limits = {}) {
  const h = await harness(limits);
  const runner = await h.key(h.adminKey, ['runner']);
  const ds = await uploadDataset(h);
  const job = await createJob(h, { training_file: ds, suffix: 'bot' });
  return { h, runner, ds, job };
}

const post = (h: Harness, key: string, path: string, json: unknown) => h.req(`/v1/runner/${path}`, { key, json });

test('the whole protocol: lease, files, heartbeat, artifact, checkpoint, complete (idempotent)', async () => {
  const { h, runner, ds, job } = await setup();
  const l = (await lease(h, runner))!;
  assert.equal(l.job.id, job.id);
  assert.equal(l.job.status, 'running');
  assert.equal(l.attempt, 1);
  assert.equal(l.files.training_file.id, ds);
  assert.equal(l.base_model.config.hidden, 32);
  assert.equal(l.resume_from, null);
  assert.equal(await lease(h, runner), null, 'nothing else is queued');

  const file = await h.req(l.files.training_file.url, { key: runner });
  assert.equal((await file.text()).trim().split('\n').length, 12);

  const hb = await post(h, runner, 'heartbeat', { lease_id: l.lease_id, progress: { step: 5, total_steps: 10 }, metrics: { train_loss: 1.25 } });
  assert.deepEqual(((await hb.json()) as { cancel: boolean }).cancel, false);
  assert.deepEqual(((await (await h.req(`/v1/fine_tuning/jobs/${job.id}`)).json()) as { progress: unknown }).progress, { step: 5, total_steps: 10 });

  const ckpt = artifact({ seed: 3 });
  assert.equal((await putArtifact(h, runner, l.lease_id, ckpt)).status, 201);
  const again = await putArtifact(h, runner, l.lease_id, ckpt);
  assert.equal(again.status, 200);
  assert.equal(((await again.json()) as { stored: boolean }).stored, false);
  assert.equal((await h.req(`/v1/runner/leases/${l.lease_id}/artifacts/${ckpt.sha256}`, { method: 'HEAD', key: runner })).status, 200);
  assert.equal((await post(h, runner, 'checkpoint', { lease_id: l.lease_id, step: 5, sha256: ckpt.sha256, metrics: { train_loss: 1.25 } })).status, 201);
  const ckpts = (await (await h.req(`/v1/fine_tuning/jobs/${job.id}/checkpoints`)).json()) as { data: Record<string, any>[] };
  assert.deepEqual(ckpts.data.map((c) => [c.step_number, c.fine_tuned_model_checkpoint]), [[5, 'bot:ckpt-step-5']]);

  const final = artifact({ seed: 4 });
  await putArtifact(h, runner, l.lease_id, final);
  const done = await post(h, runner, 'complete', { lease_id: l.lease_id, sha256: final.sha256, trained_tokens: 1234 });
  assert.equal(done.status, 200);
  const finished = (await done.json()) as Record<string, any>;
  assert.deepEqual([finished.status, finished.fine_tuned_model, finished.trained_tokens], ['succeeded', 'bot@1', 1234]);
  // a retried complete (lost response) gets the same answer; a different artifact is refused
  const retry = (await (await post(h, runner, 'complete', { lease_id: l.lease_id, sha256: final.sha256 })).json()) as Record<string, any>;
  assert.equal(retry.fine_tuned_model, 'bot@1');
  assert.equal((await post(h, runner, 'complete', { lease_id: l.lease_id, sha256: ckpt.sha256 })).status, 409);
  const adapter = (await (await h.req('/v1/adapters/bot')).json()) as Record<string, any>;
  assert.equal(adapter.versions.length, 1);
  assert.deepEqual(adapter.aliases, { latest: 1 });
  assert.equal(adapter.versions[0].source_job_id, job.id);
  assert.deepEqual(await h.deps.queue.entries(), []);
  assert.equal((await post(h, runner, 'heartbeat', { lease_id: l.lease_id })).status, 409, 'the lease is over');
  const events = (await (await h.req(`/v1/fine_tuning/jobs/${job.id}/events`)).json()) as { data: { type: string; message: string }[] };
  assert.ok(events.data.some((e) => e.type === 'metrics' && e.message === 'Step 5/10: train_loss=1.25'));
  assert.equal(events.data.at(-1)!.message, 'Job succeeded: published bot@1');
});

test('a second job with the same suffix publishes version 2 of the same adapter', async () => {
  const { h, runner, ds } = await setup();
  for (const seed of [1, 2]) {
    if (seed === 2) await createJob(h, { training_file: ds, suffix: 'bot' });
    const l = (await lease(h, runner))!;
    const a = artifact({ seed });
    await putArtifact(h, runner, l.lease_id, a);
    const done = (await (await post(h, runner, 'complete', { lease_id: l.lease_id, sha256: a.sha256 })).json()) as Record<string, any>;
    assert.equal(done.fine_tuned_model, `bot@${seed}`);
  }
  const adapter = (await (await h.req('/v1/adapters/bot')).json()) as Record<string, any>;
  assert.deepEqual(adapter.aliases, { latest: 2 });
});

test('artifacts: a hash mismatch stores nothing; a bad adapter does not complete the job', async () => {
  const { h, runner, job } = await setup();
  const l = (await lease(h, runner))!;
  const a = artifact();
  const e = await errorOf(await putArtifact(h, runner, l.lease_id, a, 'f'.repeat(64)));
  assert.deepEqual([e.status, e.param], [422, 'sha256']);
  assert.equal((await errorOf(await putArtifact(h, runner, l.lease_id, a, 'nothex'))).param, 'sha256');
  assert.deepEqual((await h.deps.blobs.list()).filter((k) => k.includes('/artifacts/')), []);
  assert.equal(h.deps.blobs.staging, 0);
  const missing = await errorOf(await post(h, runner, 'complete', { lease_id: l.lease_id, sha256: a.sha256 }));
  assert.deepEqual([missing.status, missing.param], [422, 'sha256']);
  const wrong = artifact({ modules: { 'transformer.h.9.attn.c_attn': [32, 96] } });
  await putArtifact(h, runner, l.lease_id, wrong);
  assert.equal((await post(h, runner, 'complete', { lease_id: l.lease_id, sha256: wrong.sha256 })).status, 422);
  assert.equal(((await (await h.req(`/v1/fine_tuning/jobs/${job.id}`)).json()) as { status: string }).status, 'running');
  assert.deepEqual(await h.deps.meta.adapters.list(h.rootTenant), []);
});

test('an expired lease is lost: the job is requeued, the next runner gets attempt 2', async () => {
  const { h, runner, job } = await setup();
  const l1 = (await lease(h, runner, 'r1', 10))!;
  h.deps.clock.advance(11_000);
  const lost = await errorOf(await post(h, runner, 'heartbeat', { lease_id: l1.lease_id }));
  assert.deepEqual([lost.status, lost.param], [409, 'lease_id']);
  const l2 = (await lease(h, runner, 'r2'))!;
  assert.equal(l2.job.id, job.id);
  assert.equal(l2.attempt, 2);
  const events = (await (await h.req(`/v1/fine_tuning/jobs/${job.id}/events`)).json()) as { data: { level: string; message: string }[] };
  assert.ok(events.data.some((e) => e.level === 'warn' && /Lease expired on runner r1/.test(e.message)));
  const a = artifact();
  await putArtifact(h, runner, l2.lease_id, a);
  assert.equal((await post(h, runner, 'complete', { lease_id: l1.lease_id, sha256: a.sha256 })).status, 404, 'the old lease is gone');
  assert.equal((await post(h, runner, 'complete', { lease_id: l2.lease_id, sha256: a.sha256 })).status, 200);
});

test('leases that keep expiring fail the job after maxAttempts', async () => {
  const { h, runner, job } = await setup({ maxAttempts: 2 });
  for (let i = 0; i < 2; i++) {
    assert.ok(await lease(h, runner, 'r', 10));
    h.deps.clock.advance(11_000);
  }
  assert.equal(await lease(h, runner), null);
  const j = (await (await h.req(`/v1/fine_tuning/jobs/${job.id}`)).json()) as Record<string, any>;
  assert.deepEqual([j.status, j.error.code], ['failed', 'lease_expired']);
});

test('fail: retryable failures back off and retry; the last one fails the job', async () => {
  const { h, runner, job } = await setup({ maxAttempts: 2, retryBaseMs: 1000 });
  const l1 = (await lease(h, runner))!;
  const r1 = (await (await post(h, runner, 'fail', { lease_id: l1.lease_id, error: { code: 'oom', message: 'out of memory' }, retryable: true })).json()) as Record<string, any>;
  assert.equal(r1.status, 'queued');
  assert.equal(await lease(h, runner), null, 'backing off');
  h.deps.clock.advance(1000);
  const l2 = (await lease(h, runner))!;
  const r2 = (await (await post(h, runner, 'fail', { lease_id: l2.lease_id, error: { code: 'oom', message: 'out of memory' }, retryable: true })).json()) as Record<string, any>;
  assert.deepEqual([r2.status, r2.error], ['failed', { code: 'oom', message: 'out of memory', param: null }]);
  assert.deepEqual(await h.deps.queue.entries(), []);
  assert.equal(job.status, 'queued');
});

test('a job cancelled while running: the heartbeat says cancel, complete is refused, nothing is published', async () => {
  const { h, runner, job } = await setup();
  const l = (await lease(h, runner))!;
  await h.req(`/v1/fine_tuning/jobs/${job.id}/cancel`, { method: 'POST' });
  const hb = (await (await post(h, runner, 'heartbeat', { lease_id: l.lease_id })).json()) as { cancel: boolean };
  assert.equal(hb.cancel, true);
  const a = artifact();
  assert.equal((await post(h, runner, 'complete', { lease_id: l.lease_id, sha256: a.sha256 })).status, 409);
  assert.deepEqual(await h.deps.meta.adapters.list(h.rootTenant), []);
});

test('runner keys: scope, tenant isolation, and bad bodies', async () => {
  const { h, job } = await setup();
  const other = await h.tenant();
  const otherRunner = await h.key(other.adminKey, ['runner']);
  assert.equal(await lease(h, otherRunner), null, "a tenant's runner never sees another tenant's jobs");
  const train = await h.key(h.adminKey, ['train']);
  assert.equal((await post(h, train, 'lease', { runner_id: 'x' })).status, 403);
  const rootRunner = await h.key(h.adminKey, ['runner']);
  const l = (await lease(h, rootRunner))!;
  assert.equal(l.job.id, job.id);
  for (const path of [`leases/${l.lease_id}/files/training_file`, `leases/${l.lease_id}/artifacts/${'a'.repeat(64)}`]) {
    assert.equal((await h.req(`/v1/runner/${path}`, { key: otherRunner })).status, 404);
  }
  assert.equal((await post(h, otherRunner, 'heartbeat', { lease_id: l.lease_id })).status, 404);
  const cases: [string, unknown, number, string | null][] = [
    ['lease', {}, 422, 'runner_id'],
    ['lease', { runner_id: 'x', ttl_s: 1 }, 422, 'ttl_s'],
    ['heartbeat', { lease_id: 'nope' }, 422, 'lease_id'],
    ['heartbeat', { lease_id: l.lease_id, metrics: { loss: 'low' } }, 422, 'metrics.loss'],
    ['heartbeat', { lease_id: 'lease_aaaaaaaaaaaaaaaaaaaa' }, 404, 'lease_id'],
    ['checkpoint', { lease_id: l.lease_id, step: -1, sha256: 'a'.repeat(64) }, 422, 'step'],
    ['checkpoint', { lease_id: l.lease_id, step: 1, sha256: 'a'.repeat(64) }, 422, 'sha256'],
    ['fail', { lease_id: l.lease_id, error: { code: 'x' } }, 422, 'error.message'],
    ['complete', { lease_id: l.lease_id }, 422, 'sha256'],
  ];
  for (const [path, json, status, param] of cases) {
    const e = await errorOf(await post(h, rootRunner, path, json));
    assert.deepEqual([e.status, e.param], [status, param], `${path} ${JSON.stringify(json)}: ${e.message}`);
  }
  const malformed = await errorOf(await post(h, rootRunner, 'lease', '{"runner_id":'));
  assert.equal(malformed.status, 400);
});

test('release: the job is requeued at once and the next lease resumes from its last checkpoint', async () => {
  const { h, runner, job } = await setup();
  const l1 = (await lease(h, runner, 'r1'))!;
  const ckpt = artifact({ seed: 5 });
  await putArtifact(h, runner, l1.lease_id, ckpt);
  await post(h, runner, 'checkpoint', { lease_id: l1.lease_id, step: 7, sha256: ckpt.sha256 });
  // retried after a lost answer: the same row, not a second one
  assert.equal((await post(h, runner, 'checkpoint', { lease_id: l1.lease_id, step: 7, sha256: ckpt.sha256 })).status, 201);
  assert.equal((await h.deps.meta.checkpoints.list(h.rootTenant, job.id)).length, 1);
  const released = await post(h, runner, 'release', { lease_id: l1.lease_id, reason: 'SIGTERM' });
  assert.equal(((await released.json()) as { status: string }).status, 'queued');
  assert.equal((await post(h, runner, 'release', { lease_id: l1.lease_id })).status, 409, 'released once');
  const l2 = (await lease(h, runner, 'r2'))!;
  assert.deepEqual([l2.job.id, l2.attempt, l2.resume_from], [job.id, 2, { step: 7, sha256: ckpt.sha256, url: `/v1/runner/leases/${l2.lease_id}/artifacts/${ckpt.sha256}` }]);
  assert.equal(l2.ttl_ms, h.deps.limits.leaseTtlMs);
  const events = (await (await h.req(`/v1/fine_tuning/jobs/${job.id}/events`)).json()) as { data: { level: string; message: string }[] };
  assert.ok(events.data.some((e) => e.level === 'warn' && e.message === 'Runner r1 released the job (SIGTERM); requeued, resumes from the checkpoint at step 7'));
});

test('heartbeat messages become job events, one each', async () => {
  const { h, runner, job } = await setup();
  const l = (await lease(h, runner))!;
  const res = await post(h, runner, 'heartbeat', { lease_id: l.lease_id, messages: ['Runner r1 trains on cpu (requested)', 'Resuming from the checkpoint at step 3'] });
  assert.equal(res.status, 200);
  const events = (await (await h.req(`/v1/fine_tuning/jobs/${job.id}/events`)).json()) as { data: { message: string }[] };
  const messages = events.data.map((e) => e.message);
  assert.ok(messages.includes('Runner r1 trains on cpu (requested)') && messages.includes('Resuming from the checkpoint at step 3'));
  assert.equal((await errorOf(await post(h, runner, 'heartbeat', { lease_id: l.lease_id, messages: [''] }))).param, 'messages.0');
});

test('model files: a manifest with sha256 per file, each downloadable; none where the deployment has no folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgetune-model-files-'));
  try {
    writeFileSync(join(dir, 'config.json'), '{"model_type":"gpt2"}');
    writeFileSync(join(dir, 'model.safetensors'), new Uint8Array([1, 2, 3]));
    writeFileSync(join(dir, '.hidden'), 'x');
    const h = await harness({}, [{ ...TINY_GPT2, dir, files: folderFiles(dir) }, TINY_LLAMA]);
    const runner = await h.key(h.adminKey, ['runner']);
    const ds = await uploadDataset(h);
    await createJob(h, { training_file: ds });
    const l = (await lease(h, runner))!;
    assert.equal(l.base_model.url, `/v1/runner/leases/${l.lease_id}/model`);
    const m = (await (await h.req(l.base_model.url, { key: runner })).json()) as { sha256: string; files: { name: string; bytes: number; sha256: string; url: string }[] };
    assert.deepEqual(m.files.map((f) => [f.name, f.bytes]), [['config.json', 21], ['model.safetensors', 3]]);
    const weights = m.files[1]!;
    assert.equal(weights.sha256, createHash('sha256').update(new Uint8Array([1, 2, 3])).digest('hex'));
    assert.equal(m.sha256, createHash('sha256').update(m.files.map((f) => `${f.name}\t${f.sha256}\n`).join('')).digest('hex'));
    assert.deepEqual([...new Uint8Array(await (await h.req(weights.url, { key: runner })).arrayBuffer())], [1, 2, 3]);
    for (const name of ['.hidden', '..%2Fconfig.json', 'nope']) assert.equal((await h.req(`${l.base_model.url}/${name}`, { key: runner })).status, 404, name);

    const plain = await setup();
    const l2 = (await lease(plain.h, plain.runner))!;
    assert.equal(l2.base_model.url, null);
    assert.equal((await plain.h.req(`/v1/runner/leases/${l2.lease_id}/model`, { key: plain.runner })).status, 404);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
