// Tenant isolation at the port: every scoped method treats another tenant's row as missing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobRow } from '../../ports/rows.ts';
import { memoryMetadata } from '../memory/metadata.ts';

const job = (id: string, tenant: string): JobRow => ({
  id, tenant_id: tenant, model: 'm', training_file: 'ds_a', validation_file: null, method_type: 'lora', method_config: {}, hyperparameters: {},
  suffix: null, seed: 0, status: 'queued', error: null, fine_tuned_model: null, result_files: [], trained_tokens: null, created_at: 1,
  started_at: null, finished_at: null, updated_at: 1, lease_id: null, runner_id: null, attempts: 0, result_sha256: null, progress: null, source_hook_id: null,
});

test('scoped reads and writes never cross tenants', async () => {
  const m = memoryMetadata();
  await m.jobs.insert(job('j1', 'A'));
  assert.equal(await m.jobs.get('B', 'j1'), null);
  assert.equal(await m.jobs.update('B', 'j1', { status: 'cancelled' }), null);
  assert.equal((await m.jobs.get('A', 'j1'))?.status, 'queued');
  assert.deepEqual((await m.jobs.list('B', { limit: 10 })).data, []);
  await m.events.append('A', 'j1', { level: 'info', type: 'message', message: 'hi', data: null }, 1);
  assert.deepEqual((await m.events.list('B', 'j1', { limit: 10 })).data, []);
  const { adapter } = await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 1, version: { id: 'v1', method: 'lora', rank: 4, blob_key: 'k', sha256: 's', bytes: 1, config: {}, source_job_id: null } });
  assert.equal(await m.adapters.getByName('B', 'x'), null);
  assert.deepEqual(await m.adapters.versions('B', adapter.id), []);
  assert.equal(await m.adapters.delete('B', adapter.id), null);
  await assert.rejects(m.adapters.setAlias('B', adapter.id, 'prod', 1, 1), (e: { status?: number }) => e.status === 404);
  assert.equal(await m.adapters.blobRefs('B', 'k'), 0);
  assert.equal(await m.adapters.blobRefs('A', 'k'), 1);
});

test('compare-and-set: a job moves only from the expected status', async () => {
  const m = memoryMetadata();
  await m.jobs.insert(job('j1', 'A'));
  assert.equal(await m.jobs.update('A', 'j1', { status: 'running' }, ['running']), null);
  assert.equal((await m.jobs.update('A', 'j1', { status: 'running' }, ['queued']))?.status, 'running');
});

test('event sequence numbers are per job and ordered', async () => {
  const m = memoryMetadata();
  for (const [j, msg] of [['j1', 'a'], ['j2', 'b'], ['j1', 'c']] as const) await m.events.append('A', j, { level: 'info', type: 'message', message: msg, data: null }, 1);
  const page = await m.events.list('A', 'j1', { limit: 10 });
  assert.deepEqual(page.data.map((e) => [e.seq, e.message]), [[1, 'a'], [2, 'c']]);
  const after = await m.events.list('A', 'j1', { after: page.data[0]!.id, limit: 10 });
  assert.deepEqual(after.data.map((e) => e.message), ['c']);
});
