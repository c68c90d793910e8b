-- The job queue, leases included, so that it is durable and shared: every Worker isolate (D1) or
-- Node process (SQLite file) leases from the same rows. Leasing is one UPDATE … RETURNING.
-- FIFO is enqueued_at, then rowid (insertion order); lease_* columns are all NULL or all set.

CREATE TABLE job_queue (
  job_id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  enqueued_at INTEGER NOT NULL,
  available_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  lease_id TEXT UNIQUE,
  runner_id TEXT,
  lease_expires_at INTEGER
);
CREATE INDEX job_queue_ready ON job_queue (available_at) WHERE lease_id IS NULL;
CREATE INDEX job_queue_leases ON job_queue (lease_expires_at) WHERE lease_id IS NOT NULL;
