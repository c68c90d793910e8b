// health.json in the work dir: the runner's state, rewritten every few seconds while its event loop
// is alive. The container HEALTHCHECK (bin/healthcheck.js) reads it: stale or missing is unhealthy.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const HEALTH_EVERY_MS = 5000;

export interface HealthState {
  state: 'starting' | 'idle' | 'training' | 'stopped';
  job: string | null;
}

export class HealthFile {
  private s: HealthState = { state: 'starting', job: null };
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly path: string, private readonly runnerId: string) {}

  start(): void {
    this.write();
    this.timer = setInterval(() => this.write(), HEALTH_EVERY_MS);
    this.timer.unref();
  }

  set(s: Partial<HealthState>): void {
    this.s = { ...this.s, ...s };
    this.write();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.set({ state: 'stopped', job: null });
  }

  private write(): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ runner_id: this.runnerId, pid: process.pid, ...this.s, updated_at: Date.now() })}\n`);
      renameSync(tmp, this.path);
    } catch {
      // a full disk must not take the runner down; the healthcheck will notice the stale file
    }
  }
}
