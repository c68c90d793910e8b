-- Background drift checks (services/tracking/due-checks.ts): a monitor with check_every_s is checked
-- by the scheduler's tick once that many seconds have passed since its last check and traffic was
-- sampled since, over its newest check_window samples.
ALTER TABLE alias_monitors ADD COLUMN check_every_s INTEGER;
ALTER TABLE alias_monitors ADD COLUMN check_window INTEGER NOT NULL DEFAULT 100;
ALTER TABLE alias_monitors ADD COLUMN last_checked_at INTEGER;
