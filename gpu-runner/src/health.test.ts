import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HealthFile } from './health.ts';

test('health.json follows every slot: training while any job is in flight, idle when none, stopped at the end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgetune-health-'));
  try {
    const health = new HealthFile(join(dir, 'health.json'), 'r1');
    const read = () => {
      const { state, job, jobs, runner_id } = JSON.parse(readFileSync(join(dir, 'health.json'), 'utf8'));
      return { state, job, jobs, runner_id };
    };
    health.start();
    assert.deepEqual(read(), { state: 'starting', job: null, jobs: [], runner_id: 'r1' });
    health.idle();
    health.training('job-a');
    health.training('job-b'); // a second slot
    assert.deepEqual(read(), { state: 'training', job: 'job-a', jobs: ['job-a', 'job-b'], runner_id: 'r1' });
    health.finished('job-a'); // the other slot is still training
    assert.deepEqual(read(), { state: 'training', job: 'job-b', jobs: ['job-b'], runner_id: 'r1' });
    health.finished('job-b');
    assert.deepEqual(read(), { state: 'idle', job: null, jobs: [], runner_id: 'r1' });
    health.training('job-c');
    health.stop();
    assert.deepEqual(read(), { state: 'stopped', job: null, jobs: [], runner_id: 'r1' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
