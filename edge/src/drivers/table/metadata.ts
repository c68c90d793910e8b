// The Metadata port over a TableDb: what the in-memory and JSON-file drivers share.
import type { Metadata } from '../../ports/metadata.ts';
import { adapterRepo } from './repos/adapters.ts';
import { datasetRepo } from './repos/datasets.ts';
import { hookRepo, webhookRepo } from './repos/hooks.ts';
import { checkpointRepo, jobEventRepo, jobRepo } from './repos/jobs.ts';
import { apiKeyRepo, tenantRepo } from './repos/tenants.ts';
import type { TableDb } from './table-db.ts';

export function tableMetadata(db: TableDb): Metadata {
  return {
    tenants: tenantRepo(db),
    keys: apiKeyRepo(db),
    datasets: datasetRepo(db),
    adapters: adapterRepo(db),
    jobs: jobRepo(db),
    events: jobEventRepo(db),
    checkpoints: checkpointRepo(db),
    hooks: hookRepo(db),
    webhooks: webhookRepo(db),
  };
}
