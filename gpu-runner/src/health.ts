// health.json in the work dir: the runner's state, rewritten every few seconds while its event loop
// is alive. The container HEALTHCHECK (bin/healthcheck.js) reads it: stale or missing is unhealthy.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const HEALTH_EVERY_MS = 5000;

export interface HealthState {
  state: 'starting' | 'idle' | 'training' | 'stopped';
  /** The first job in flight (what the healthcheck prints); `jobs` lists all of them. */
  job: string | null;
  jobs: string[];
}

export class HealthFile {
  private state: 'starting' | 'idle' | 'stopped' = 'starting';
  private readonly jobs = new Set<string>(); // in flight, one per busy slot
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly path: string, private readonly runnerId: string) {}

  start(): void {
    this.write();
    this.timer = setInterval(() => this.write(), HEALTH_EVERY_MS);
    this.timer.unref();
  }

  /** The runner is polling; no job has started yet or every slot finished. */
  idle(): void {
    this.state = 'idle';
    this.write();
  }

  training(job: string): void {
    this.jobs.add(job);
    this.write();
  }

  finished(job: string): void {
    this.jobs.delete(job);
    this.idle();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.state = 'stopped';
    this.jobs.clear();
    this.write();
  }

  /** What health.json says now. */
  get current(): HealthState {
    const jobs = [...this.jobs];
    return { state: this.state === 'stopped' ? 'stopped' : jobs.length > 0 ? 'training' : this.state, job: jobs[0] ?? null, jobs };
  }

  private write(): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ runner_id: this.runnerId, pid: process.pid, ...this.current, updated_at: Date.now() })}\n`);
      renameSync(tmp, this.path);
    } catch {
      // a full disk must not take the runner down; the healthcheck will notice the stale file
    }
  }
}
