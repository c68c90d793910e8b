// Ordered migrations of the metadata schema. Each mirrors edge/migrations/<id>.sql (D1); the JSON
// store records applied ids the way D1 records them in d1_migrations, and runs the rest on open.
import { col, type TableDef } from './schema.ts';
import type { SchemaOps } from './table-db.ts';

export interface Migration {
  readonly id: string;
  up(db: SchemaOps): void;
}

const table = (name: string, columns: TableDef['columns'], primaryKey: string[] = ['id'], unique: string[][] = []): TableDef => ({ name, columns, primaryKey, unique });

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001_init',
    up(db) {
      db.createTable(table('tenants', { id: col('text'), name: col('text'), is_root: col('boolean'), created_at: col('integer') }));
      db.createTable(table('api_keys', {
        id: col('text'), tenant_id: col('text'), name: col('text'), salt: col('text'), hash: col('text'), scopes: col('json'),
        created_at: col('integer'), last_used_at: col('integer?'), revoked_at: col('integer?'),
      }));
      db.createTable(table('datasets', {
        id: col('text'), tenant_id: col('text'), name: col('text'), purpose: col('text'), format: col('text'), kind: col('text'),
        blob_key: col('text'), sha256: col('text'), bytes: col('integer'), records: col('integer'), stats: col('json'),
        preview: col('json'), created_at: col('integer'),
      }));
      db.createTable(table('adapters', {
        id: col('text'), tenant_id: col('text'), name: col('text'), base_model: col('text'), created_at: col('integer'), updated_at: col('integer'),
      }, ['id'], [['tenant_id', 'name']]));
      db.createTable(table('adapter_versions', {
        id: col('text'), adapter_id: col('text'), tenant_id: col('text'), version: col('integer'), method: col('text'), rank: col('integer?'),
        blob_key: col('text'), sha256: col('text'), bytes: col('integer'), config: col('json'), source_job_id: col('text?'), created_at: col('integer'),
      }, ['id'], [['adapter_id', 'version']]));
      db.createTable(table('adapter_aliases', {
        adapter_id: col('text'), alias: col('text'), tenant_id: col('text'), version: col('integer'), updated_at: col('integer'),
      }, ['adapter_id', 'alias']));
      db.createTable(table('traffic_splits', {
        adapter_id: col('text'), tenant_id: col('text'), routes: col('json'), updated_at: col('integer'),
      }, ['adapter_id']));
      db.createTable(table('jobs', {
        id: col('text'), tenant_id: col('text'), model: col('text'), training_file: col('text'), validation_file: col('text?'),
        method_type: col('text'), method_config: col('json'), hyperparameters: col('json'), suffix: col('text?'), seed: col('integer'),
        status: col('text'), error: col('json?'), fine_tuned_model: col('text?'), result_files: col('json'), trained_tokens: col('integer?'),
        created_at: col('integer'), started_at: col('integer?'), finished_at: col('integer?'), updated_at: col('integer'),
        lease_id: col('text?'), runner_id: col('text?'), attempts: col('integer'), result_sha256: col('text?'), progress: col('json?'),
      }));
      db.createTable(table('job_events', {
        id: col('text'), job_id: col('text'), tenant_id: col('text'), seq: col('integer'), level: col('text'), type: col('text'),
        message: col('text'), data: col('json?'), created_at: col('integer'),
      }, ['id'], [['job_id', 'seq']]));
      db.createTable(table('checkpoints', {
        id: col('text'), job_id: col('text'), tenant_id: col('text'), step: col('integer'), sha256: col('text'), blob_key: col('text'),
        bytes: col('integer'), metrics: col('json'), created_at: col('integer'),
      }, ['id'], [['job_id', 'step']]));
    },
  },
  {
    id: '0002_webhooks',
    up(db) {
      db.createTable(table('hooks', {
        id: col('text'), tenant_id: col('text'), name: col('text'), secret: col('text'), recipe: col('json'), created_at: col('integer'),
      }));
      db.createTable(table('hook_deliveries', {
        hook_id: col('text'), delivery_id: col('text'), tenant_id: col('text'), job_id: col('text?'), received_at: col('integer'),
      }, ['hook_id', 'delivery_id']));
      db.createTable(table('webhooks', {
        id: col('text'), tenant_id: col('text'), url: col('text'), events: col('json'), secret: col('text'), created_at: col('integer'),
      }));
      db.createTable(table('webhook_deliveries', {
        id: col('text'), webhook_id: col('text'), tenant_id: col('text'), event: col('text'), payload: col('json'), status: col('text'),
        attempts: col('integer'), next_attempt_at: col('integer?'), last_attempt_at: col('integer?'), last_status_code: col('integer?'),
        last_error: col('text?'), created_at: col('integer'), delivered_at: col('integer?'),
      }));
      db.addColumn('jobs', 'source_hook_id', col('text?'));
    },
  },
];

/** Runs the migrations not yet applied, in order; returns the ids it ran. */
export function migrate(db: SchemaOps & { applied: string[] }, migrations: readonly Migration[] = MIGRATIONS): string[] {
  const ran: string[] = [];
  for (const m of migrations) {
    if (db.applied.includes(m.id)) continue;
    m.up(db);
    db.applied.push(m.id);
    ran.push(m.id);
  }
  return ran;
}
