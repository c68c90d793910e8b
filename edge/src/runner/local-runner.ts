// The Node flavour's in-process runner: leases queued jobs through the same HTTP lease API that
// remote runners use (called via app.fetch, no socket) and trains them one at a time.
import { mkdirSync } from 'node:fs';
import type { RunnerClient } from './client.ts';
import { RunnerHttpError } from './client.ts';
import { Cancelled, trainLeasedJob } from './train-job.ts';

export interface LocalRunnerOptions {
  client: RunnerClient;
  runnerId: string;
  /** Where a base model's Hugging Face folder is, by model id. */
  modelDir(id: string): string | undefined;
  workDir: string;
  pollMs?: number;
  log?: (message: string) => void;
}

/** Errors worth another attempt: anything but bad input (TrainError invalid_config/invalid_record/no_examples). */
function retryable(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return !(e instanceof Error && e.name === 'TrainError' && ['invalid_config', 'invalid_record', 'no_examples'].includes(String(code)));
}

export class LocalRunner {
  private stopped = true;
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;

  constructor(private readonly o: LocalRunnerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    mkdirSync(this.o.workDir, { recursive: true });
    this.loop = this.run();
  }

  /** Stops after the current job (a job in flight keeps its lease until it finishes). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  /** Looks for work now instead of at the next poll. */
  poke(): void {
    this.wake?.();
  }

  /** Leases and trains one job; false when the queue had none. */
  async runOnce(): Promise<boolean> {
    const { client, log } = this.o;
    const lease = await client.lease(this.o.runnerId);
    if (!lease) return false;
    log?.(`runner: job ${lease.job.id} leased (attempt ${lease.attempt})`);
    const dir = this.o.modelDir(lease.base_model.id);
    if (!dir) {
      await client.fail(lease.lease_id, 'model_unavailable', `this runner has no local copy of base model '${lease.base_model.id}'`, false);
      return true;
    }
    try {
      const job = await trainLeasedJob({ client, lease, modelDir: dir, workDir: this.o.workDir, log });
      log?.(`runner: job ${lease.job.id} ${String(job.status)}: ${String(job.fine_tuned_model)}`);
    } catch (e) {
      if (e instanceof Cancelled) log?.(`runner: ${e.message}`);
      else if (e instanceof RunnerHttpError && e.status === 409) log?.(`runner: lost job ${lease.job.id}: ${e.message}`);
      else {
        log?.(`runner: job ${lease.job.id} failed: ${(e as Error).message}`);
        await client.fail(lease.lease_id, (e as { code?: string }).code ?? 'training_error', (e as Error).message, retryable(e)).catch(() => {});
      }
    }
    return true;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch (e) {
        this.o.log?.(`runner: ${(e as Error).message}`);
      }
      if (!worked && !this.stopped) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.o.pollMs ?? 1000);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }
}
