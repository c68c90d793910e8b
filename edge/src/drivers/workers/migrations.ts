// edge/migrations/*.sql, bundled as text: the Worker applies what is pending on an isolate's first
// request, through the same d1_migrations table `wrangler d1 migrations apply` uses, so either way
// of migrating recognises the other. Add a line per new file (the Workers tests check the list
// against the folder).
import init from '../../../migrations/0001_init.sql';
import webhooks from '../../../migrations/0002_webhooks.sql';
import jobQueue from '../../../migrations/0003_job_queue.sql';
import tracking from '../../../migrations/0004_tracking.sql';
import evaluations from '../../../migrations/0005_evaluations.sql';
import driftChecks from '../../../migrations/0006_drift_checks.sql';
import type { Migration } from '../sql/index.ts';

export const MIGRATIONS: readonly Migration[] = [
  { id: '0001_init', sql: init },
  { id: '0002_webhooks', sql: webhooks },
  { id: '0003_job_queue', sql: jobQueue },
  { id: '0004_tracking', sql: tracking },
  { id: '0005_evaluations', sql: evaluations },
  { id: '0006_drift_checks', sql: driftChecks },
];
