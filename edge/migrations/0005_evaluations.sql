-- Evaluation of recipe-trained versions (issue 9): before a fresh version becomes the B side, it
-- and the alias's current version are scored on an evaluation dataset (mean token NLL). One row
-- per (adapter version, eval dataset); a new evaluation of the same pair replaces the old one.
-- version_id is the version row's id, so a version number reused after a delete starts clean.

CREATE TABLE version_evals (
  version_id TEXT NOT NULL,
  eval_dataset TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  adapter_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  mean_nll REAL NOT NULL,
  perplexity REAL NOT NULL,
  examples INTEGER NOT NULL,
  job_id TEXT,
  evaluated_at INTEGER NOT NULL,
  PRIMARY KEY (version_id, eval_dataset)
);
CREATE INDEX version_evals_adapter ON version_evals (tenant_id, adapter_id, version);
