-- edgetune metadata, D1 (SQLite). On Node the same files run on a better-sqlite3 database
-- (edge/src/drivers/sql/migrate.ts records them in d1_migrations, as wrangler does).
-- Times are INTEGER milliseconds since the epoch; JSON columns are TEXT; booleans are INTEGER 0/1.

CREATE TABLE tenants (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  is_root INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL,
  salt TEXT NOT NULL,
  hash TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

CREATE TABLE datasets (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL,
  purpose TEXT NOT NULL,
  format TEXT NOT NULL,
  kind TEXT NOT NULL,
  blob_key TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  records INTEGER NOT NULL,
  stats TEXT NOT NULL,
  preview TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX datasets_tenant ON datasets (tenant_id, created_at);

CREATE TABLE adapters (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL,
  base_model TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE adapter_versions (
  id TEXT NOT NULL PRIMARY KEY,
  adapter_id TEXT NOT NULL REFERENCES adapters(id),
  tenant_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  method TEXT NOT NULL,
  rank INTEGER,
  blob_key TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  config TEXT NOT NULL,
  source_job_id TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (adapter_id, version)
);
CREATE INDEX adapter_versions_blob ON adapter_versions (tenant_id, blob_key);

CREATE TABLE adapter_aliases (
  adapter_id TEXT NOT NULL REFERENCES adapters(id),
  alias TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (adapter_id, alias)
);

CREATE TABLE traffic_splits (
  adapter_id TEXT NOT NULL PRIMARY KEY REFERENCES adapters(id),
  tenant_id TEXT NOT NULL,
  routes TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE jobs (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  model TEXT NOT NULL,
  training_file TEXT NOT NULL,
  validation_file TEXT,
  method_type TEXT NOT NULL,
  method_config TEXT NOT NULL,
  hyperparameters TEXT NOT NULL,
  suffix TEXT,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL,
  error TEXT,
  fine_tuned_model TEXT,
  result_files TEXT NOT NULL,
  trained_tokens INTEGER,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  updated_at INTEGER NOT NULL,
  lease_id TEXT,
  runner_id TEXT,
  attempts INTEGER NOT NULL,
  result_sha256 TEXT,
  progress TEXT
);
CREATE INDEX jobs_tenant ON jobs (tenant_id, created_at);

CREATE TABLE job_events (
  id TEXT NOT NULL PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES jobs(id),
  tenant_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  level TEXT NOT NULL,
  type TEXT NOT NULL,
  message TEXT NOT NULL,
  data TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (job_id, seq)
);

CREATE TABLE checkpoints (
  id TEXT NOT NULL PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES jobs(id),
  tenant_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  blob_key TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  metrics TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (job_id, step)
);
