import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MIGRATIONS } from '../table/migrations.ts';
import { openJsonMetadata } from './metadata.ts';

const tmp = mkdtempSync(join(tmpdir(), 'edgetune-meta-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('rows persist across reopen; each write is one atomic file replace', async () => {
  const path = join(tmp, 'a.json');
  const m = openJsonMetadata(path);
  assert.deepEqual(m.ranMigrations, MIGRATIONS.map((x) => x.id));
  await m.tenants.create({ id: 'tn_1', name: 'one', is_root: true, created_at: 1 });
  const again = openJsonMetadata(path);
  assert.deepEqual(again.ranMigrations, []);
  assert.equal((await again.tenants.root())?.name, 'one');
  const file = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(file.migrations, ['0001_init', '0002_webhooks']);
});

test('a file written before a migration is migrated on open (new column filled with its default)', async () => {
  const path = join(tmp, 'old.json');
  const old = openJsonMetadata(path, MIGRATIONS.slice(0, 1));
  await old.tenants.create({ id: 'tn_1', name: 'one', is_root: true, created_at: 1 });
  const jobs = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(jobs.migrations, ['0001_init']);
  const job = {
    id: 'ftjob_1', tenant_id: 'tn_1', model: 'm', training_file: 'ds_1', validation_file: null, method_type: 'lora', method_config: {},
    hyperparameters: {}, suffix: null, seed: 0, status: 'queued', error: null, fine_tuned_model: null, result_files: [], trained_tokens: null,
    created_at: 1, started_at: null, finished_at: null, updated_at: 1, lease_id: null, runner_id: null, attempts: 0, result_sha256: null, progress: null,
  };
  await old.jobs.insert(job as never);
  const migrated = openJsonMetadata(path);
  assert.deepEqual(migrated.ranMigrations, ['0002_webhooks']);
  assert.equal((await migrated.jobs.get('tn_1', 'ftjob_1'))?.source_hook_id, null);
  assert.deepEqual(await migrated.hooks.list('tn_1'), []);
});

test('a corrupt or foreign file is refused with a message, not silently replaced', () => {
  const bad = join(tmp, 'bad.json');
  writeFileSync(bad, '{"format":"something-else"}');
  assert.throws(() => openJsonMetadata(bad), /unexpected content/);
  writeFileSync(bad, '{not json');
  assert.throws(() => openJsonMetadata(bad), /not valid JSON/);
  const newer = join(tmp, 'newer.json');
  writeFileSync(newer, JSON.stringify({ format: 'edgetune-metadata', version: 1, migrations: ['0001_init', '0099_future'], tables: {} }));
  assert.throws(() => openJsonMetadata(newer), /newer edgetune/);
});

test('a row that breaks the schema is refused on load', () => {
  const path = join(tmp, 'typed.json');
  writeFileSync(path, JSON.stringify({ format: 'edgetune-metadata', version: 1, migrations: ['0001_init'], tables: { tenants: [{ id: 1, name: 'x', is_root: true, created_at: 1 }] } }));
  assert.throws(() => openJsonMetadata(path), /tenants.id expects text/);
});
