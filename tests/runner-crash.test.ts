// Crash recovery and graceful shutdown, against a real edge server with real runner processes:
// a runner SIGKILLed mid-job loses its lease when it expires, a second runner resumes from the last
// checkpoint, and the adapter equals an uninterrupted same-seed run's. A SIGTERMed runner
// checkpoints the step it is at, releases its lease and exits 0; the job resumes from there.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { jobBody, maxAbsDiff, serverFixture, startRunner } from '../gpu-runner/src/test-support/e2e.ts';

const STEPS = 400;
const f = serverFixture('runner-crash', { EDGETUNE_LEASE_TTL_MS: '5000' });

const runner = (name: string, every = 20) => startRunner({ server: f.server, token: f.token, name, workDir: join(f.tmp, name), args: ['--checkpoint-every', String(every)] });
const stepOf = (message: string, re: RegExp) => Number(message.match(re)?.[1]);

test('SIGKILL mid-job: the lease expires, a second runner resumes from the last checkpoint, the adapter equals an uninterrupted run', async () => {
  const crashed = await f.server.job(jobBody(f.ds, STEPS, { suffix: 'crashed' }));
  const r1 = runner('r1');
  await r1.line(/checkpoint at step \d+ uploaded/);
  r1.signal('SIGSTOP'); // frozen first, so the job is still mid-run when we look
  assert.equal((await f.server.getJob(crashed.id)).status, 'running', 'the job finished before the runner was stopped');
  await r1.kill();

  const r2 = runner('r2');
  const done = await f.server.finished(crashed.id);
  assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
  const events = await f.server.events(crashed.id);
  const expired = events.findIndex((e) => /Lease expired on runner r1 \(attempt 1\)/.test(e.message));
  assert.ok(expired > 0, 'the lease of the killed runner expired');
  // the last checkpoint the server recorded before the lease expired is where the second runner starts
  const last = Math.max(...events.slice(0, expired).filter((e) => /^Checkpoint saved/.test(e.message)).map((e) => stepOf(e.message, /step (\d+)/)));
  assert.ok(last >= 20 && last < STEPS, `last checkpoint before the crash: ${last}`);
  const resumed = events.filter((e) => /^Resuming from the checkpoint/.test(e.message));
  assert.equal(stepOf(resumed[0]!.message, /step (\d+)/), last);
  assert.ok(events.some((e) => /Job started on runner r2 \(attempt 2\)/.test(e.message)));
  const firstResumedStep = events.slice(expired).find((e) => e.type === 'metrics')?.data?.step as number;
  assert.ok(firstResumedStep > last, `the resumed run reports step ${firstResumedStep} first, after ${last}`);

  const straight = await f.server.finished((await f.server.job(jobBody(f.ds, STEPS, { suffix: 'straight' }))).id);
  assert.equal(straight.status, 'succeeded');
  assert.ok(!(await f.server.events(straight.id)).some((e) => /^Resuming/.test(e.message)));
  const diff = maxAbsDiff(f.server.adapterOf(done), f.server.adapterOf(straight));
  console.log(`crash recovery: resumed at step ${last}/${STEPS}, max |Δ| vs uninterrupted = ${diff}`);
  assert.ok(diff <= 1e-5, `max |Δ| ${diff}`);
  assert.ok(straight.trained_tokens > 0);
  assert.equal(done.trained_tokens, straight.trained_tokens, 'trained_tokens counts the steps before the resume too');
  r2.signal('SIGTERM'); // idle: exits at once
  assert.deepEqual(await r2.exited, { code: 0, signal: null });
});

test('SIGTERM mid-job: the runner checkpoints the current step, releases the lease and exits 0; the next runner resumes there', async () => {
  const job = await f.server.job(jobBody(f.ds, STEPS, { suffix: 'graceful' }));
  const r3 = runner('r3', 1000); // no periodic checkpoint: the only one is the shutdown's
  await r3.line(/compiling the step graph/);
  r3.signal('SIGSTOP');
  assert.equal((await f.server.getJob(job.id)).status, 'running');
  r3.signal('SIGTERM'); // delivered on SIGCONT
  r3.signal('SIGCONT');
  assert.deepEqual(await r3.exited, { code: 0, signal: null });
  const released = await f.server.getJob(job.id);
  assert.equal(released.status, 'queued', 'released at once, not left to expire');
  const ckpts = await f.server.checkpoints(job.id);
  assert.equal(ckpts.length, 1);
  const at = ckpts[0]!.step_number;
  assert.ok(at >= 1 && at < STEPS, `checkpoint at ${at}`);
  assert.ok((await f.server.events(job.id)).some((e) => e.message.includes(`Runner r3 released the job (runner r3 stopping; checkpoint at step ${at})`)));

  runner('r4');
  const done = await f.server.finished(job.id);
  assert.equal(done.status, 'succeeded');
  assert.ok((await f.server.events(job.id)).some((e) => e.message === `Resuming from the checkpoint at step ${at}`));
  const straight = (await f.server.json<{ data: Record<string, any>[] }>('/v1/fine_tuning/jobs?limit=100')).data.find((j) => j.fine_tuned_model === 'straight@1')!;
  const diff = maxAbsDiff(f.server.adapterOf(done), f.server.adapterOf(straight));
  console.log(`graceful stop: resumed at step ${at}/${STEPS}, max |Δ| vs uninterrupted = ${diff}`);
  assert.ok(diff <= 1e-5, `max |Δ| ${diff}`);
  assert.equal(done.trained_tokens, straight.trained_tokens);
});
