// The runner loop, the same for `edgetune runner` (over HTTP) and the edge Node server's
// in-process runner (over app.fetch): lease → train → complete | fail, `concurrency` jobs at a
// time. stop() is the graceful shutdown: a job in flight checkpoints and releases its lease.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MethodRegistry } from '@edgetune/core/plugin/index.ts';
import { ContentCache } from './cache.ts';
import { isLeaseLost, type LeasedJob, type RunnerClient } from './client.ts';
import { chooseDevice, type DeviceChoice, type DevicePreference, type DeviceProbes } from './device.ts';
import { describeFailure } from './failure.ts';
import { HealthFile } from './health.ts';
import { JobInterrupted } from './errors.ts';
import { trainLeasedJob } from './job.ts';

export interface RunnerOptions {
  client: RunnerClient;
  runnerId: string;
  /** Runs, the download cache and health.json live here. */
  workDir: string;
  device?: DevicePreference;
  deviceProbes?: DeviceProbes;
  /** A local copy of a base model by id; without one the model's files are downloaded. */
  modelDir?(id: string): string | undefined;
  registry?: MethodRegistry;
  /** Optimizer steps between uploaded checkpoints. */
  checkpointEvery?: number;
  /** Wait between polls of an empty queue. */
  pollMs?: number;
  /** Longest gap between heartbeats (default 2 s; a third of the lease TTL when shorter). */
  heartbeatMs?: number;
  /** Jobs trained at once. */
  concurrency?: number;
  log?: (message: string) => void;
}

export class StopRequested extends Error {
  constructor() {
    super('the runner is stopping');
    this.name = 'StopRequested';
  }
}

export class Runner {
  private readonly stopping = new AbortController();
  private readonly wakers = new Set<() => void>();
  private readonly cache: ContentCache;
  private readonly health: HealthFile;
  private device: DeviceChoice | null = null;
  private slots: Promise<void>[] = [];
  private readonly log: (m: string) => void;

  constructor(private readonly o: RunnerOptions) {
    this.log = (m) => o.log?.(`runner ${o.runnerId}: ${m}`);
    this.cache = new ContentCache(join(o.workDir, 'cache'), this.log);
    this.health = new HealthFile(join(o.workDir, 'health.json'), o.runnerId);
  }

  /** The device in use, chosen (and logged) once at start. */
  get choice(): DeviceChoice | null {
    return this.device;
  }

  async start(): Promise<void> {
    if (this.slots.length) return;
    this.health.start();
    this.device = await chooseDevice(this.o.device ?? 'auto', this.o.deviceProbes);
    this.log(`device ${this.device.device} (${this.device.reason})`);
    this.health.idle();
    this.slots = Array.from({ length: Math.max(1, this.o.concurrency ?? 1) }, (_, i) => this.loop(i));
  }

  /** Resolves when every slot has stopped (after stop()). */
  async done(): Promise<void> {
    await Promise.all(this.slots);
  }

  /** Graceful: polling ends, a job in flight checkpoints its current step and releases its lease. */
  async stop(): Promise<void> {
    if (!this.stopping.signal.aborted) this.stopping.abort(new StopRequested());
    for (const wake of this.wakers) wake();
    await this.done();
    this.health.stop();
  }

  /** Looks for work now instead of at the next poll. */
  poke(): void {
    for (const wake of this.wakers) wake();
  }

  /** Leases and handles one job; false when the queue had none. */
  async runOnce(): Promise<boolean> {
    const { client } = this.o;
    const lease = await client.lease(this.o.runnerId);
    if (!lease) return false;
    this.log(`job ${lease.job.id} leased (attempt ${lease.attempt}${lease.resume_from ? `, checkpoint at step ${lease.resume_from.step}` : ''})`);
    this.health.training(lease.job.id);
    try {
      const job = await this.train(lease);
      this.log(`job ${lease.job.id} ${String(job.status)}: ${String(job.fine_tuned_model)}`);
    } catch (e) {
      await this.failed(lease, e);
    } finally {
      this.health.finished(lease.job.id);
    }
    return true;
  }

  private train(lease: LeasedJob) {
    const o = this.o;
    return trainLeasedJob({
      client: o.client, lease, runnerId: o.runnerId, workDir: o.workDir, cache: this.cache, device: this.device!, modelDir: o.modelDir,
      registry: o.registry, checkpointEvery: o.checkpointEvery ?? 100, heartbeatMs: o.heartbeatMs ?? 2_000, stop: this.stopping.signal, log: this.log,
    });
  }

  private async failed(lease: LeasedJob, e: unknown): Promise<void> {
    if (e instanceof JobInterrupted) return this.log(e.message);
    if (isLeaseLost(e)) return this.log(`lost job ${lease.job.id}: ${(e as Error).message}`);
    const f = describeFailure(e);
    this.log(`job ${lease.job.id} failed (${f.code}${f.retryable ? ', retryable' : ''}): ${f.message}`);
    await this.o.client.fail(lease.lease_id, f.code, f.message, f.retryable).catch((err: Error) => this.log(`could not report the failure: ${err.message}`));
  }

  private async loop(slot: number): Promise<void> {
    const signal = this.stopping.signal;
    let backoff = 0;
    while (!signal.aborted) {
      let worked = false;
      try {
        worked = await this.runOnce();
        backoff = 0;
      } catch (e) {
        // the server is unreachable or refused the lease: wait longer each time (capped)
        backoff = Math.min(30_000, Math.max(1000, backoff * 2));
        this.log(`slot ${slot}: ${(e as Error).message}; next try in ${backoff / 1000}s`);
      }
      if (!worked && !signal.aborted) await this.idle(backoff || (this.o.pollMs ?? 2000));
    }
  }

  private async idle(ms: number): Promise<void> {
    const ac = new AbortController();
    const wake = () => ac.abort();
    this.wakers.add(wake);
    await sleep(ms, undefined, { signal: ac.signal }).catch(() => {});
    this.wakers.delete(wake);
  }
}
