-- Inbound hooks (saved recipes triggered by signed webhooks) and outbound webhook subscriptions.

CREATE TABLE hooks (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL,
  secret TEXT NOT NULL,
  recipe TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE hook_deliveries (
  hook_id TEXT NOT NULL REFERENCES hooks(id),
  delivery_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  job_id TEXT,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (hook_id, delivery_id)
);

CREATE TABLE webhooks (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
  id TEXT NOT NULL PRIMARY KEY,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id),
  tenant_id TEXT NOT NULL,
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER,
  last_attempt_at INTEGER,
  last_status_code INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

ALTER TABLE jobs ADD COLUMN source_hook_id TEXT;
