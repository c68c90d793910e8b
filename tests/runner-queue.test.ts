// One server, a queue, several runner processes: a poison job (a path-loaded plugin that throws)
// fails for good with its error in the events while the same runner finishes the next job; two
// runners drain four queued jobs, each run to completion exactly once.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { POISON_MESSAGE } from '../gpu-runner/src/test-support/poison-method.ts';
import { Child, jobBody, ROOT, serverFixture, startRunner } from '../gpu-runner/src/test-support/e2e.ts';

const POISON = join(ROOT, 'gpu-runner/src/test-support/poison-method.ts');
// the server knows the plugin too: it validates the job's method config
const f = serverFixture('runner-queue', { EDGETUNE_PLUGINS: POISON });
let r1: Child;

const runner = (name: string) => startRunner({ server: f.server, token: f.token, name, workDir: join(f.tmp, name), args: ['--plugins', `lora,${POISON}`] });
const startedOn = async (id: string) => (await f.server.events(id)).flatMap((e) => e.message.match(/^Job started on runner (\S+)/)?.[1] ?? []);

test('a poison job fails with its error in the events; the same runner finishes the next job', async () => {
  const poison = await f.server.job(jobBody(f.ds, 4, { method: { type: 'poison', config: {} }, suffix: 'poison' }));
  const next = await f.server.job(jobBody(f.ds, 4, { suffix: 'after-poison' }));
  r1 = runner('r1');
  const failed = await f.server.finished(poison.id);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error.code, 'plugin_error');
  assert.match(failed.error.message, new RegExp(`method plugin 'poison' failed in apply\\(\\): ${POISON_MESSAGE}`));
  const events = await f.server.events(poison.id);
  assert.ok(events.some((e) => e.level === 'error' && e.message.includes(POISON_MESSAGE)), 'the error is in the events');
  assert.deepEqual(await startedOn(poison.id), ['r1'], 'not retried: a throwing plugin fails the same way every time');

  const done = await f.server.finished(next.id);
  assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
  assert.deepEqual(await startedOn(next.id), ['r1']);
  assert.equal(r1.proc.exitCode, null, 'the runner is still up');
});

test('a cancel takes effect within one step; the runner goes on', async () => {
  const since = r1.lines.length;
  const job = await f.server.job(jobBody(f.ds, 400, { suffix: 'cancelled' }));
  await r1.line(/compiling the step graph/, since);
  r1.signal('SIGSTOP');
  const res = await f.server.req(`/v1/fine_tuning/jobs/${job.id}/cancel`, { method: 'POST' });
  assert.equal(res.status, 200);
  r1.signal('SIGCONT');
  const [, heard, stopped] = (await r1.line(/was cancelled: heard after step (\d+), stopped after step (\d+)/, since)).map(Number);
  assert.ok(stopped! - heard! <= 1 && stopped! < 400, `heard after ${heard}, stopped after ${stopped}`);
  assert.equal((await f.server.getJob(job.id)).status, 'cancelled');
  assert.deepEqual(await f.server.json('/v1/adapters?limit=100').then((l) => l.data.filter((a: { name: string }) => a.name === 'cancelled')), []);
});

test('two runners, one queue: four jobs all finish, none runs twice to completion', async () => {
  const r2 = runner('r2');
  await r2.line(/polling/);
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await f.server.job(jobBody(f.ds, 60, { suffix: 'fleet', seed: i }))).id);
  const jobs = await Promise.all(ids.map((id) => f.server.finished(id)));
  assert.deepEqual(jobs.map((j) => j.status), ['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  for (const id of ids) {
    const events = await f.server.events(id);
    assert.equal(events.filter((e) => e.message.startsWith('Job succeeded')).length, 1, id);
    assert.equal((await startedOn(id)).length, 1, `${id} was leased once`);
  }
  const fleet = await f.server.json('/v1/adapters/fleet');
  assert.deepEqual(fleet.versions.map((v: { source_job_id: string }) => v.source_job_id).sort(), [...ids].sort(), 'one version per job');
  const by = await Promise.all(ids.map(async (id) => (await startedOn(id))[0]));
  console.log(`four jobs ran on: ${by.join(', ')}`);
  r1.signal('SIGTERM');
  r2.signal('SIGTERM');
  assert.deepEqual([(await r1.exited).code, (await r2.exited).code], [0, 0]);
});
