// One runner with --concurrency 2: two queued jobs train at the same time (both in health.json at
// once), each finishes once, and the same-seed adapters equal those of one-at-a-time runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { jobBody, maxAbsDiff, serverFixture, startRunner, waitFor } from '../gpu-runner/src/test-support/e2e.ts';

const f = serverFixture('runner-concurrency');

test('--concurrency 2 trains two jobs at once; each result equals a one-at-a-time run of the same seed', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) ids.push((await f.server.job(jobBody(f.ds, 200, { suffix: `pair${i}`, seed: i }))).id);
  const workDir = join(f.tmp, 'r1');
  const r1 = startRunner({ server: f.server, token: f.token, name: 'r1', workDir, args: ['--concurrency', '2'] });
  const health = () => JSON.parse(readFileSync(join(workDir, 'health.json'), 'utf8')) as { state: string; jobs: string[] };
  const both = await waitFor('both jobs in health.json at once', () => {
    try {
      const h = health();
      return h.jobs.length === 2 ? h : undefined;
    } catch {
      return undefined; // not written yet
    }
  });
  assert.equal(both.state, 'training');
  assert.deepEqual([...both.jobs].sort(), [...ids].sort());
  const done = await Promise.all(ids.map((id) => f.server.finished(id)));
  assert.deepEqual(done.map((j) => j.status), ['succeeded', 'succeeded'], JSON.stringify(done.map((j) => j.error)));
  await waitFor('health.json to say idle', () => (health().state === 'idle' ? true : undefined));

  // the same jobs one at a time (a second runner, concurrency 1) give the same adapters
  r1.signal('SIGTERM');
  const solo: string[] = [];
  for (let i = 0; i < 2; i++) solo.push((await f.server.job(jobBody(f.ds, 200, { suffix: `solo${i}`, seed: i }))).id);
  startRunner({ server: f.server, token: f.token, name: 'r2', workDir: join(f.tmp, 'r2') });
  const alone = await Promise.all(solo.map((id) => f.server.finished(id)));
  for (let i = 0; i < 2; i++) {
    const diff = maxAbsDiff(f.server.adapterOf(done[i]!), f.server.adapterOf(alone[i]!));
    assert.ok(diff <= 1e-5, `job ${i}: max |Δ| ${diff} between concurrent and one-at-a-time runs`);
  }
});
