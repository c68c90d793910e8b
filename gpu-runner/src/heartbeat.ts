// The lease's heartbeat, on a timer rather than per step: a slow compile or a long step still
// keeps the lease. Each beat carries the newest progress, metrics that are new since the last beat,
// and queued notes (device choice, resume) for the job's events. The answer can say cancel; a 409
// says the lease is gone. Transient failures (the server restarting) are just tried next beat.
import { isLeaseLost, type Progress, type RunnerClient } from './client.ts';

export class Heartbeat {
  cancel = false;
  lost: Error | null = null;
  private progress?: Progress;
  private metrics?: Record<string, number>;
  private notes: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;
  /** Until the first metrics go out: the first step's loss is sent at once, so a curve starts at step 1. */
  private firstMetrics = true;

  constructor(
    private readonly client: RunnerClient,
    private readonly leaseId: string,
    private readonly intervalMs: number,
    private readonly log?: (m: string) => void,
    /** Called when the server says cancel or that the lease is gone. */
    private readonly onStop?: () => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
    void this.beat();
  }

  report(progress: Progress, metrics?: Record<string, number>): void {
    this.progress = progress;
    // merged, so a validation result is not overwritten by the next step's training metrics
    if (metrics) this.metrics = { ...this.metrics, ...Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v))) };
    if (this.firstMetrics && this.metrics) void this.beat();
  }

  /** A line for the job's events, sent with the next beat (now, if none is in flight). */
  note(message: string): void {
    this.log?.(message);
    this.notes.push(message);
    void this.beat();
  }

  /** Sends what is pending and waits for it. */
  async flush(): Promise<void> {
    await this.inflight;
    await this.beat();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inflight;
  }

  private beat(): Promise<void> {
    if (this.inflight || this.lost) return this.inflight ?? Promise.resolve();
    const notes = this.notes.splice(0, 20);
    const metrics = this.metrics;
    this.metrics = undefined;
    if (metrics) this.firstMetrics = false;
    const report = { progress: this.progress, metrics, ...(notes.length ? { messages: notes.map((n) => n.slice(0, 1000)) } : {}) };
    this.inflight = this.client.heartbeat(this.leaseId, report).then(
      (r) => {
        if (r.cancel && !this.cancel) {
          this.cancel = true;
          this.onStop?.();
        }
      },
      (e) => {
        if (isLeaseLost(e)) {
          this.lost = e as Error;
          this.onStop?.();
        } else {
          this.log?.(`heartbeat failed (will retry): ${(e as Error).message}`);
          this.notes.unshift(...notes);
          this.metrics ??= metrics;
        }
      },
    ).finally(() => {
      this.inflight = null;
      // the first metrics arrived while another beat was in flight: send them now, not a beat later
      if (this.firstMetrics && this.metrics) void this.beat();
    });
    return this.inflight;
  }
}
