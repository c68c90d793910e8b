// The Metadata port over SQL: D1 on Workers (`env.DB`), better-sqlite3 on Node, the same
// statements and the same edge/migrations/*.sql.
import type { Metadata } from '../../ports/metadata.ts';
import type { SqlDatabase } from './database.ts';
import { adapterRepo } from './repos/adapters.ts';
import { datasetRepo } from './repos/datasets.ts';
import { hookRepo, webhookRepo } from './repos/hooks.ts';
import { checkpointRepo, jobEventRepo, jobRepo } from './repos/jobs.ts';
import { apiKeyRepo, tenantRepo } from './repos/tenants.ts';
import { trackingRepo } from './repos/tracking.ts';

export function sqlMetadata(db: SqlDatabase): Metadata {
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
    tracking: trackingRepo(db),
  };
}
