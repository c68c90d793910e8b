#!/usr/bin/env node
// Container HEALTHCHECK: healthy while the runner rewrites WORK_DIR/health.json (every 5 s).
// EDGETUNE_WORK_DIR as for the runner; EDGETUNE_HEALTH_MAX_AGE_S (default 60) is how stale is too stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.EDGETUNE_WORK_DIR ?? '.edgetune-runner';
const maxAge = Number(process.env.EDGETUNE_HEALTH_MAX_AGE_S ?? 60) * 1000;
try {
  const h = JSON.parse(readFileSync(join(dir, 'health.json'), 'utf8'));
  const age = Date.now() - Number(h.updated_at);
  if (h.state === 'stopped' || !(age <= maxAge)) {
    console.error(`unhealthy: runner ${h.runner_id} is ${h.state}, last seen ${Math.round(age / 1000)}s ago`);
    process.exit(1);
  }
  console.log(`healthy: runner ${h.runner_id} ${h.state}${h.job ? ` ${h.job}` : ''}`);
} catch (e) {
  console.error(`unhealthy: ${e.message}`);
  process.exit(1);
}
