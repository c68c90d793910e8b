// The Metadata port's conformance suite, run over every SQL driver (metadata.test.ts): semantics
// of each method, 404/409 answers, tenant isolation, page order, and rows that come back in
// exactly the shapes of ports/rows.ts (JSON objects, booleans, nulls).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Metadata } from '../../../ports/metadata.ts';
import { sqlMetadata } from '../metadata.ts';
import { migrate } from '../migrate.ts';
import { readMigrations } from '../read-migrations.ts';
import type { SqlDriver } from './drivers.ts';
import { dataset, delivery, hook, job, tenants, version, versionEval, webhook } from './fixtures.ts';

const status = (n: number) => (e: unknown) => (e as { status?: number }).status === n;

export function describeMetadata(makeDriver: () => SqlDriver): void {
  const driver = makeDriver();
  const migrations = readMigrations();
  /** Fresh metadata with tenants A (root) and B. */
  const fresh = async (): Promise<Metadata> => {
    const db = await driver.open();
    await migrate(db, migrations);
    const m = sqlMetadata(db);
    await tenants(m, 'A', 'B');
    return m;
  };

  describe(`metadata over ${driver.name}`, () => {
    after(() => driver.dispose());

    test('tenants: root, list in creation order, duplicate id is 409', async () => {
      const m = await fresh();
      assert.deepEqual(await m.tenants.root(), { id: 'A', name: 'A', is_root: true, created_at: 0 });
      assert.deepEqual(await m.tenants.get('B'), { id: 'B', name: 'B', is_root: false, created_at: 1 });
      assert.equal(await m.tenants.get('C'), null);
      assert.deepEqual((await m.tenants.list()).map((t) => t.id), ['A', 'B']);
      await assert.rejects(m.tenants.create({ id: 'A', name: 'again', is_root: false, created_at: 5 }),
        (e: Error & { status?: number }) => e.status === 409 && e.message === 'tenants: (id) already exists');
    });

    test('api keys: scopes round-trip, revoke keeps the first time and is tenant-scoped, touch', async () => {
      const m = await fresh();
      const key = { id: 'k1', tenant_id: 'A', name: 'n', salt: 's', hash: 'h', scopes: ['train', 'infer'] as const, created_at: 1, last_used_at: null, revoked_at: null };
      assert.deepEqual(await m.keys.insert({ ...key, scopes: [...key.scopes] }), { ...key, scopes: ['train', 'infer'] });
      await m.keys.insert({ ...key, id: 'k2', scopes: ['admin'], created_at: 0 });
      assert.deepEqual((await m.keys.list('A')).map((k) => k.id), ['k2', 'k1']);
      assert.deepEqual(await m.keys.list('B'), []);
      assert.equal(await m.keys.revoke('B', 'k1', 5), null);
      assert.equal((await m.keys.revoke('A', 'k1', 5))?.revoked_at, 5);
      assert.equal((await m.keys.revoke('A', 'k1', 9))?.revoked_at, 5);
      await m.keys.touch('k1', 7);
      assert.equal((await m.keys.getForAuth('k1'))?.last_used_at, 7);
      await assert.rejects(m.keys.insert({ ...key, scopes: [] }), status(409));
    });

    test('datasets: JSON columns round-trip, newest-first pages, tenant-scoped get', async () => {
      const m = await fresh();
      const row = dataset('ds_a', 'A');
      assert.deepEqual(await m.datasets.insert(row), row);
      assert.deepEqual(await m.datasets.get('A', 'ds_a'), row);
      assert.equal(await m.datasets.get('B', 'ds_a'), null);
      // ties in created_at fall back to id, descending
      for (const [id, t] of [['ds_b', 2], ['ds_c', 2], ['ds_d', 3]] as const) await m.datasets.insert(dataset(id, 'A', { created_at: t }));
      await m.datasets.insert(dataset('ds_x', 'B', { created_at: 9 }));
      const p1 = await m.datasets.list('A', { limit: 2 });
      assert.deepEqual([p1.data.map((d) => d.id), p1.has_more], [['ds_d', 'ds_c'], true]);
      const p2 = await m.datasets.list('A', { after: 'ds_c', limit: 2 });
      assert.deepEqual([p2.data.map((d) => d.id), p2.has_more], [['ds_b', 'ds_a'], false]);
      assert.deepEqual(await m.datasets.list('A', { after: 'ds_x', limit: 2 }), { data: [], has_more: false }); // another tenant's cursor
      assert.deepEqual(await m.datasets.list('A', { after: 'ds_nope', limit: 2 }), { data: [], has_more: false });
    });

    test('datasets: delete is 409 while an unfinished job uses it, then works; other tenants see null', async () => {
      const m = await fresh();
      await m.datasets.insert(dataset('ds_a', 'A'));
      await m.datasets.insert(dataset('ds_v', 'A'));
      await m.jobs.insert(job('j1', 'A', { training_file: 'ds_a', status: 'running' }));
      await m.jobs.insert(job('j2', 'A', { training_file: 'ds_z', validation_file: 'ds_v', status: 'queued' }));
      await assert.rejects(m.datasets.delete('A', 'ds_a'), (e: Error & { status?: number }) => e.status === 409 && /j1/.test(e.message));
      await assert.rejects(m.datasets.delete('A', 'ds_v'), status(409));
      assert.equal(await m.datasets.delete('B', 'ds_a'), null);
      assert.equal(await m.datasets.delete('A', 'ds_missing'), null);
      await m.jobs.update('A', 'j1', { status: 'succeeded' });
      assert.equal((await m.datasets.delete('A', 'ds_a'))?.id, 'ds_a');
      assert.equal(await m.datasets.get('A', 'ds_a'), null);
      assert.equal(await m.datasets.delete('A', 'ds_a'), null);
    });

    test('adapters: publish creates, then adds max+1 versions and moves aliases; another base model is 409', async () => {
      const m = await fresh();
      const first = await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 1, version: version('v1'), aliases: ['latest'] });
      assert.deepEqual(first.adapter, { id: first.adapter.id, tenant_id: 'A', name: 'x', base_model: 'm', created_at: 1, updated_at: 1 });
      assert.deepEqual(first.version, { ...version('v1'), adapter_id: first.adapter.id, tenant_id: 'A', version: 1, created_at: 1 });
      const second = await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 5, version: version('v2'), aliases: ['latest', 'prod'] });
      assert.equal(second.adapter.id, first.adapter.id);
      assert.equal(second.adapter.updated_at, 5);
      assert.equal(second.version.version, 2);
      assert.deepEqual(await m.adapters.aliases('A', first.adapter.id), [
        { adapter_id: first.adapter.id, alias: 'latest', tenant_id: 'A', version: 2, updated_at: 5 },
        { adapter_id: first.adapter.id, alias: 'prod', tenant_id: 'A', version: 2, updated_at: 5 },
      ]);
      await assert.rejects(m.adapters.publish('A', { name: 'x', baseModel: 'other', now: 6, version: version('v3'), aliases: ['latest'] }),
        (e: Error & { status?: number }) => e.status === 409 && /base model 'm'/.test(e.message));
      assert.deepEqual((await m.adapters.versions('A', first.adapter.id)).map((v) => v.version), [1, 2]);
      assert.equal((await m.adapters.aliases('A', first.adapter.id))[0]!.version, 2, 'a refused publish moves no alias');
      // the same name in another tenant is another adapter
      const b = await m.adapters.publish('B', { name: 'x', baseModel: 'other', now: 1, version: version('v9') });
      assert.notEqual(b.adapter.id, first.adapter.id);
      assert.equal(b.version.version, 1);
      await m.adapters.publish('A', { name: 'a-first', baseModel: 'm', now: 7, version: version('v4') });
      assert.deepEqual((await m.adapters.list('A')).map((a) => a.name), ['a-first', 'x']);
      assert.equal((await m.adapters.getByName('A', 'x'))?.id, first.adapter.id);
      assert.deepEqual((await m.adapters.getVersion('A', first.adapter.id, 2))?.config, version('v2').config);
      assert.equal(await m.adapters.getVersion('A', first.adapter.id, 3), null);
      await assert.rejects(m.adapters.publish('A', { name: 'y', baseModel: 'm', now: 1, version: version('v1') }), status(409)); // version id taken
      assert.equal(await m.adapters.getByName('A', 'y'), null, 'nothing of a failed publish stays');
    });

    test('adapters: aliases and the traffic split guard the versions they name', async () => {
      const m = await fresh();
      const { adapter } = await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 1, version: version('v1') });
      await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 2, version: version('v2') });
      await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 3, version: version('v3') });
      const id = adapter.id;
      await assert.rejects(m.adapters.setAlias('A', id, 'prod', 9, 4), (e: { status?: number; field?: string }) => e.status === 404 && e.field === 'version');
      assert.equal((await m.adapters.setAlias('A', id, 'prod', 1, 4)).version, 1);
      assert.deepEqual(await m.adapters.setAlias('A', id, 'prod', 2, 5), { adapter_id: id, alias: 'prod', tenant_id: 'A', version: 2, updated_at: 5 });
      await assert.rejects(m.adapters.deleteVersion('A', id, 2), (e: Error & { status?: number }) => e.status === 409 && /prod/.test(e.message));

      await assert.rejects(m.adapters.setSplit('A', id, [{ target: '1', weight: 1 }, { target: 'canary', weight: 1 }], 6),
        (e: { status?: number; field?: string }) => e.status === 404 && e.field === 'routes.1.target');
      await assert.rejects(m.adapters.setSplit('A', id, [{ target: '7', weight: 1 }], 6), (e: { field?: string }) => e.field === 'routes.0.target');
      assert.equal(await m.adapters.getSplit('A', id), null, 'a refused split is not stored');
      const routes = [{ target: '1', weight: 90 }, { target: 'prod', weight: 10 }];
      assert.deepEqual(await m.adapters.setSplit('A', id, routes, 6), { adapter_id: id, tenant_id: 'A', routes, updated_at: 6 });
      assert.deepEqual((await m.adapters.getSplit('A', id))?.routes, routes);
      await assert.rejects(m.adapters.deleteVersion('A', id, 1), (e: Error & { status?: number }) => e.status === 409 && /traffic split/.test(e.message));
      await assert.rejects(m.adapters.deleteAlias('A', id, 'prod'), status(409));
      assert.equal((await m.adapters.deleteVersion('A', id, 3))?.id, 'v3');
      assert.equal(await m.adapters.deleteVersion('A', id, 3), null);

      assert.equal(await m.adapters.setSplit('A', id, null, 7), null);
      assert.equal(await m.adapters.getSplit('A', id), null);
      assert.equal(await m.adapters.deleteAlias('A', id, 'prod'), true);
      assert.equal(await m.adapters.deleteAlias('A', id, 'prod'), false);
      assert.equal((await m.adapters.deleteVersion('A', id, 2))?.version, 2);
    });

    test('adapters: delete removes versions, aliases and split and returns the versions', async () => {
      const m = await fresh();
      const { adapter } = await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 1, version: version('v1', 'shared'), aliases: ['latest'] });
      await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 2, version: version('v2', 'shared') });
      await m.adapters.setSplit('A', adapter.id, [{ target: 'latest', weight: 1 }], 3);
      assert.equal(await m.adapters.blobRefs('A', 'shared'), 2);
      assert.equal(await m.adapters.delete('B', adapter.id), null);
      assert.deepEqual((await m.adapters.delete('A', adapter.id))?.map((v) => v.id), ['v1', 'v2']);
      assert.equal(await m.adapters.getByName('A', 'x'), null);
      assert.deepEqual(await m.adapters.aliases('A', adapter.id), []);
      assert.equal(await m.adapters.getSplit('A', adapter.id), null);
      assert.equal(await m.adapters.blobRefs('A', 'shared'), 0);
      assert.equal(await m.adapters.delete('A', adapter.id), null);
      // the name is free again
      assert.equal((await m.adapters.publish('A', { name: 'x', baseModel: 'other', now: 4, version: version('v3') })).version.version, 1);
    });

    test('version evals: one row per (version, dataset), replaced on re-evaluation, by version; tenant-scoped; gone with the adapter', async () => {
      const m = await fresh();
      const { adapter } = await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 1, version: version('v1') });
      await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 2, version: version('v2') });
      await m.tracking.putEval(versionEval('v2', 'A', adapter.id, 2, { mean_nll: 2, job_id: 'j9' }));
      await m.tracking.putEval(versionEval('v1', 'A', adapter.id, 1, { eval_dataset: 'ds_b' }));
      await m.tracking.putEval(versionEval('v1', 'A', adapter.id, 1));
      const replaced = versionEval('v1', 'A', adapter.id, 1, { mean_nll: 0.5, perplexity: Math.exp(0.5), examples: 3, evaluated_at: 9 });
      await m.tracking.putEval(replaced);
      assert.deepEqual(await m.tracking.evals('A', adapter.id), [
        versionEval('v1', 'A', adapter.id, 1, { eval_dataset: 'ds_b' }), replaced, versionEval('v2', 'A', adapter.id, 2, { mean_nll: 2, job_id: 'j9' }),
      ]);
      assert.deepEqual(await m.tracking.evals('B', adapter.id), []);
      await m.adapters.delete('A', adapter.id);
      assert.deepEqual(await m.tracking.evals('A', adapter.id), []);
    });

    test('traffic samples: newest first; an alias keeps its newest `keep`, other aliases and tenants untouched', async () => {
      const m = await fresh();
      const sample = (tenant: string, alias: string, i: number) => ({
        id: `s-${tenant}-${alias}-${i}`, tenant_id: tenant, adapter_id: 'ad1', alias, version: 1, prompt: `p${i}`, created_at: 100 + (i >> 1), // pairs share a time
      });
      for (let i = 0; i < 7; i++) await m.tracking.addSample(sample('A', 'prod', i), 4);
      await m.tracking.addSample(sample('A', 'canary', 0), 4);
      await m.tracking.addSample(sample('B', 'prod', 0), 4);
      assert.deepEqual((await m.tracking.samples('A', 'ad1', 'prod', 10)).map((s) => s.prompt), ['p6', 'p5', 'p4', 'p3']);
      assert.deepEqual(await m.tracking.samples('A', 'ad1', 'prod', 2), [sample('A', 'prod', 6), sample('A', 'prod', 5)]);
      assert.equal((await m.tracking.samples('A', 'ad1', 'canary', 10)).length, 1);
      assert.equal((await m.tracking.samples('B', 'ad1', 'prod', 10)).length, 1);
    });

    test('background drift checks: due by interval since the last check (else the update), across tenants, claimed once', async () => {
      const m = await fresh();
      const monitor = (tenant: string, alias: string, every: number | null) => ({
        adapter_id: 'ad1', alias, tenant_id: tenant, eval_dataset: 'ds', sample_rate: 1, thresholds: {}, drifting: false, updated_at: 1000,
        check_every_s: every, check_window: 50, last_checked_at: null,
      });
      await m.tracking.putMonitor(monitor('A', 'prod', 60));
      await m.tracking.putMonitor(monitor('A', 'manual', null));
      await m.tracking.putMonitor(monitor('B', 'canary', 120));
      const due = async (now: number) => (await m.tracking.dueChecks(now)).map((x) => `${x.tenant_id}/${x.alias}`);
      assert.deepEqual(await due(60_999), []);
      assert.deepEqual(await m.tracking.dueChecks(61_000), [monitor('A', 'prod', 60)]);
      assert.deepEqual(await due(121_000), ['A/prod', 'B/canary']);
      assert.equal(await m.tracking.markChecked('A', 'ad1', 'prod', null, 61_000), true);
      assert.equal(await m.tracking.markChecked('A', 'ad1', 'prod', null, 61_500), false, 'another tick claimed it');
      assert.equal(await m.tracking.markChecked('B', 'ad1', 'prod', null, 61_500), false, 'tenant-scoped');
      assert.equal((await m.tracking.getMonitor('A', 'ad1', 'prod'))!.last_checked_at, 61_000);
      assert.deepEqual(await due(120_999), []);
      assert.deepEqual(await due(121_000), ['A/prod', 'B/canary']);
      assert.equal(await m.tracking.markChecked('A', 'ad1', 'prod', 61_000, 121_000), true);
    });

    test('tenant isolation: another tenant\'s rows read as missing and cannot be changed', async () => {
      const m = await fresh();
      await m.jobs.insert(job('j1', 'A'));
      assert.equal(await m.jobs.get('B', 'j1'), null);
      assert.equal(await m.jobs.update('B', 'j1', { status: 'cancelled' }), null);
      assert.equal((await m.jobs.get('A', 'j1'))?.status, 'queued');
      assert.deepEqual((await m.jobs.list('B', { limit: 10 })).data, []);
      await m.events.append('A', 'j1', { level: 'info', type: 'message', message: 'hi', data: null }, 1);
      assert.deepEqual((await m.events.list('B', 'j1', { limit: 10 })).data, []);
      await m.checkpoints.record({ id: 'c1', job_id: 'j1', tenant_id: 'A', step: 1, sha256: 's', blob_key: 'k', bytes: 1, metrics: { loss: 1 }, created_at: 1 });
      assert.deepEqual(await m.checkpoints.list('B', 'j1'), []);
      const { adapter } = await m.adapters.publish('A', { name: 'x', baseModel: 'm', now: 1, version: version('v1') });
      assert.equal(await m.adapters.getByName('B', 'x'), null);
      assert.deepEqual(await m.adapters.versions('B', adapter.id), []);
      assert.equal(await m.adapters.getVersion('B', adapter.id, 1), null);
      assert.equal(await m.adapters.deleteVersion('B', adapter.id, 1), null);
      assert.equal(await m.adapters.deleteAlias('B', adapter.id, 'latest'), false);
      await assert.rejects(m.adapters.setAlias('B', adapter.id, 'prod', 1, 1), (e: { status?: number; field?: string }) => e.status === 404 && e.field === undefined);
      await assert.rejects(m.adapters.setSplit('B', adapter.id, [{ target: '1', weight: 1 }], 1), status(404));
      await assert.rejects(m.adapters.setSplit('B', adapter.id, null, 1), status(404));
      assert.equal(await m.adapters.getSplit('B', adapter.id), null);
      assert.equal(await m.adapters.blobRefs('B', 'k'), 0);
      assert.equal(await m.adapters.blobRefs('A', 'k'), 1);
      await m.hooks.insert(hook('h1', 'A'));
      assert.equal(await m.hooks.get('B', 'h1'), null);
      assert.equal(await m.hooks.delete('B', 'h1'), false);
      await m.webhooks.insert(webhook('w1', 'A', ['*']));
      assert.equal(await m.webhooks.get('B', 'w1'), null);
      assert.equal(await m.webhooks.delete('B', 'w1'), false);
      assert.deepEqual(await m.webhooks.subscribers('B', 'job.succeeded'), []);
    });

    test('jobs: JSON round-trip, duplicate id is 409, getByLease, newest-first pages', async () => {
      const m = await fresh();
      const row = job('j1', 'A', { error: { code: 'x', message: 'y', param: null }, result_files: ['f1'], progress: { step: 1, total_steps: 3 } });
      assert.deepEqual(await m.jobs.insert(row), row);
      assert.deepEqual(await m.jobs.get('A', 'j1'), row);
      await assert.rejects(m.jobs.insert(row), status(409));
      await m.jobs.insert(job('j2', 'A', { created_at: 2, lease_id: 'lease_1' }));
      await m.jobs.insert(job('j3', 'A', { created_at: 2 }));
      assert.equal((await m.jobs.getByLease('lease_1'))?.id, 'j2');
      assert.equal(await m.jobs.getByLease('lease_2'), null);
      const p1 = await m.jobs.list('A', { limit: 2 });
      assert.deepEqual([p1.data.map((j) => j.id), p1.has_more], [['j3', 'j2'], true]);
      const p2 = await m.jobs.list('A', { after: 'j2', limit: 2 });
      assert.deepEqual([p2.data.map((j) => j.id), p2.has_more], [['j1'], false]);
    });

    test('jobs: compare-and-set moves a job only from the expected status', async () => {
      const m = await fresh();
      await m.jobs.insert(job('j1', 'A'));
      assert.equal(await m.jobs.update('A', 'j1', { status: 'running' }, ['running']), null);
      assert.equal(await m.jobs.update('A', 'j1', { status: 'running' }, []), null);
      const running = await m.jobs.update('A', 'j1', { status: 'running', started_at: 5, progress: { step: 0 } }, ['queued', 'validating_files']);
      assert.deepEqual(running, { ...job('j1', 'A'), status: 'running', started_at: 5, progress: { step: 0 } });
      // two runners racing for the same transition: exactly one wins
      const race = await Promise.all([1, 2, 3].map((n) => m.jobs.update('A', 'j1', { status: 'succeeded', runner_id: `r${n}` }, ['running'])));
      assert.equal(race.filter((r) => r !== null).length, 1);
      assert.equal((await m.jobs.update('A', 'j1', {}, ['succeeded']))?.status, 'succeeded', 'an empty patch still checks the status');
      assert.equal(await m.jobs.update('A', 'nope', { status: 'failed' }), null);
      assert.equal((await m.jobs.update('A', 'j1', { error: null, progress: null }))?.progress, null);
    });

    test('events: seq is per job and ordered, pages continue after an event id', async () => {
      const m = await fresh();
      await m.jobs.insert(job('j1', 'A'));
      await m.jobs.insert(job('j2', 'A'));
      const e1 = await m.events.append('A', 'j1', { level: 'info', type: 'metrics', message: 'a', data: { loss: 1.5, step: 1 } }, 7);
      assert.deepEqual({ ...e1, id: '' }, { id: '', job_id: 'j1', tenant_id: 'A', seq: 1, level: 'info', type: 'metrics', message: 'a', data: { loss: 1.5, step: 1 }, created_at: 7 });
      await m.events.append('A', 'j2', { level: 'info', type: 'message', message: 'b', data: null }, 8);
      await Promise.all(['c', 'd', 'e'].map((msg) => m.events.append('A', 'j1', { level: 'warn', type: 'message', message: msg, data: null }, 9)));
      const page = await m.events.list('A', 'j1', { limit: 2 });
      assert.deepEqual(page.data.map((e) => e.seq), [1, 2]);
      assert.equal(page.has_more, true);
      const rest = await m.events.list('A', 'j1', { after: page.data[1]!.id, limit: 10 });
      assert.deepEqual([rest.data.map((e) => e.seq), rest.has_more], [[3, 4], false]);
      assert.deepEqual((await m.events.list('A', 'j2', { limit: 10 })).data.map((e) => [e.seq, e.message]), [[1, 'b']]);
    });

    test('checkpoints: one per step (a second record replaces it), newest step first', async () => {
      const m = await fresh();
      await m.jobs.insert(job('j1', 'A'));
      const ck = (id: string, step: number) => ({ id, job_id: 'j1', tenant_id: 'A', step, sha256: id, blob_key: `k/${id}`, bytes: 1, metrics: { loss: step / 2 }, created_at: step });
      await m.checkpoints.record(ck('c1', 1));
      await m.checkpoints.record(ck('c2', 2));
      assert.deepEqual(await m.checkpoints.record(ck('c3', 1)), ck('c3', 1));
      assert.deepEqual(await m.checkpoints.list('A', 'j1'), [ck('c2', 2), ck('c3', 1)]);
      await assert.rejects(m.checkpoints.record(ck('c2', 5)), status(409)); // id of another step
      assert.deepEqual((await m.checkpoints.list('A', 'j1')).map((c) => c.id), ['c2', 'c3']);
    });

    test('hooks: delivery ids are claimed once, released, attached, purged; delete removes deliveries', async () => {
      const m = await fresh();
      assert.deepEqual(await m.hooks.insert(hook('h1', 'A', 2)), hook('h1', 'A', 2));
      await m.hooks.insert(hook('h0', 'A', 1));
      assert.deepEqual((await m.hooks.list('A')).map((h) => h.id), ['h0', 'h1']);
      assert.deepEqual(await m.hooks.getPublic('h1'), hook('h1', 'A', 2));
      const d = (id: string, at: number) => ({ hook_id: 'h1', delivery_id: id, tenant_id: 'A', job_id: null, received_at: at });
      const claims = await Promise.all([m.hooks.claimDelivery(d('d1', 10)), m.hooks.claimDelivery(d('d1', 10))]);
      assert.deepEqual(claims.sort(), [false, true]);
      await m.hooks.releaseDelivery('h1', 'd1');
      assert.equal(await m.hooks.claimDelivery(d('d1', 10)), true);
      await m.hooks.attachJob('h1', 'd1', 'j9');
      assert.equal(await m.hooks.claimDelivery(d('d2', 20)), true);
      assert.deepEqual(await m.hooks.deliveries('A', 'h1'), [d('d2', 20), { ...d('d1', 10), job_id: 'j9' }]);
      assert.deepEqual(await m.hooks.deliveries('B', 'h1'), []);
      assert.equal(await m.hooks.purgeDeliveries(15), 1);
      assert.equal(await m.hooks.purgeDeliveries(15), 0);
      assert.equal(await m.hooks.claimDelivery(d('d1', 30)), true, 'a purged id may be claimed again');
      assert.equal(await m.hooks.delete('A', 'h1'), true);
      assert.equal(await m.hooks.getPublic('h1'), null);
      assert.equal(await m.hooks.delete('A', 'h1'), false);
    });

    test('webhooks: subscribers by event or *, deliveries log, the due queue, updates', async () => {
      const m = await fresh();
      await m.webhooks.insert(webhook('w1', 'A', ['job.succeeded', 'job.failed']));
      await m.webhooks.insert(webhook('w2', 'A', ['*'], 2));
      await m.webhooks.insert(webhook('w3', 'A', ['job.failed'], 3));
      assert.deepEqual((await m.webhooks.subscribers('A', 'job.succeeded')).map((w) => w.id), ['w1', 'w2']);
      assert.deepEqual((await m.webhooks.list('A')).map((w) => w.id), ['w1', 'w2', 'w3']);
      assert.deepEqual(await m.webhooks.insertDelivery(delivery('d1', 'w1', 'A')), delivery('d1', 'w1', 'A'));
      await m.webhooks.insertDelivery(delivery('d2', 'w1', 'A', { created_at: 2, next_attempt_at: 50 }));
      await m.webhooks.insertDelivery(delivery('d3', 'w2', 'A', { created_at: 3, next_attempt_at: 5 }));
      await m.webhooks.insertDelivery(delivery('d4', 'w1', 'A', { created_at: 4, status: 'delivered' }));
      assert.deepEqual((await m.webhooks.due(10, 10)).map((d) => d.id), ['d1', 'd3']);
      assert.deepEqual((await m.webhooks.due(100, 2)).map((d) => d.id), ['d1', 'd3']);
      assert.deepEqual((await m.webhooks.due(100, 10)).map((d) => d.id), ['d1', 'd3', 'd2']);
      const updated = await m.webhooks.updateDelivery('d1', { status: 'failed', attempts: 3, last_status_code: 500, last_error: 'boom', next_attempt_at: null });
      assert.deepEqual(updated, delivery('d1', 'w1', 'A', { status: 'failed', attempts: 3, last_status_code: 500, last_error: 'boom' }));
      assert.equal(await m.webhooks.updateDelivery('nope', { status: 'failed' }), null);
      assert.deepEqual((await m.webhooks.deliveries('A', 'w1', 2)).map((d) => d.id), ['d4', 'd2']);
      assert.deepEqual(await m.webhooks.deliveries('B', 'w1', 10), []);
      assert.equal(await m.webhooks.delete('A', 'w1'), true);
      assert.deepEqual((await m.webhooks.due(100, 10)).map((d) => d.id), ['d3']);
      assert.equal(await m.webhooks.get('A', 'w1'), null);
    });
  });
}
