// Checkpoint uploads in the background while training goes on: one at a time, and when a newer
// checkpoint is ready before the previous upload finished, only the newest waits (older ones are
// superseded). Each is stored as an artifact, then recorded against its step.
import { isLeaseLost, type RunnerClient } from './client.ts';

interface Pending { step: number; bytes: Uint8Array; metrics: Record<string, number> }

export class CheckpointUploads {
  /** Set when the server said the lease is gone. */
  lost: Error | null = null;
  /** The newest step recorded on the server. */
  recorded = 0;
  private next: Pending | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly client: RunnerClient,
    private readonly leaseId: string,
    private readonly log?: (m: string) => void,
    /** Called when the server says the lease is gone. */
    private readonly onLost?: () => void,
  ) {}

  add(step: number, bytes: Uint8Array, metrics: Record<string, number>): void {
    this.next = { step, bytes, metrics: Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v))) };
    this.running ??= this.pump().finally(() => (this.running = null));
  }

  /** Waits until every added checkpoint is uploaded (or given up on). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async pump(): Promise<void> {
    while (this.next && !this.lost) {
      const c = this.next;
      this.next = null;
      try {
        const sha = await this.client.putArtifact(this.leaseId, c.bytes);
        await this.client.checkpoint(this.leaseId, c.step, sha, c.metrics);
        this.recorded = c.step;
        this.log?.(`checkpoint at step ${c.step} uploaded (${c.bytes.byteLength} bytes, sha256 ${sha.slice(0, 12)}…)`);
      } catch (e) {
        if (isLeaseLost(e)) {
          this.lost = e as Error;
          this.onLost?.();
        } else this.log?.(`checkpoint at step ${c.step} not uploaded: ${(e as Error).message}`);
      }
    }
  }
}
