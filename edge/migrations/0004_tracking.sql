-- Tracking (issue 9): completions served through adapters (the A/B readout), their feedback,
-- per-alias drift monitors with sampled traffic, and recipes that fire on a schedule or on drift.

CREATE TABLE completion_log (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  adapter_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  latency_ms INTEGER NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  feedback REAL,
  created_at INTEGER NOT NULL
);
CREATE INDEX completion_log_adapter ON completion_log (tenant_id, adapter_id, version);

CREATE TABLE alias_monitors (
  adapter_id TEXT NOT NULL,
  alias TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  eval_dataset TEXT NOT NULL,
  sample_rate REAL NOT NULL,
  thresholds TEXT NOT NULL,
  drifting INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (adapter_id, alias)
);

CREATE TABLE traffic_samples (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  adapter_id TEXT NOT NULL,
  alias TEXT NOT NULL,
  version INTEGER NOT NULL,
  prompt TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX traffic_samples_alias ON traffic_samples (tenant_id, adapter_id, alias, created_at);

ALTER TABLE hooks ADD COLUMN schedule TEXT;
ALTER TABLE hooks ADD COLUMN on_drift INTEGER;
ALTER TABLE hooks ADD COLUMN publish TEXT;
ALTER TABLE hooks ADD COLUMN last_fired_at INTEGER;
