// The in-process job queue (tests and the Node flavour). The Node driver persists its entries
// after every change through `onChange`; the logic is the same.
import type { JobQueue, Lease, LeaseRequest, QueueEntry } from '../../ports/job-queue.ts';
import { newId } from '../../util/ids.ts';

export class MemoryJobQueue implements JobQueue {
  protected items: QueueEntry[] = [];
  onChange: ((entries: readonly QueueEntry[]) => void) | undefined;

  constructor(entries: readonly QueueEntry[] = []) {
    this.items = [...entries];
  }

  private commit<T>(next: QueueEntry[], out: T): T {
    this.onChange?.(next); // a persistence failure leaves the old state in place
    this.items = next;
    return out;
  }

  async enqueue(e: { jobId: string; tenantId: string; now: number; availableAt?: number }): Promise<void> {
    if (this.items.some((x) => x.jobId === e.jobId)) return;
    const entry: QueueEntry = { jobId: e.jobId, tenantId: e.tenantId, enqueuedAt: e.now, availableAt: e.availableAt ?? e.now, attempts: 0, lease: null };
    this.commit([...this.items, entry], undefined);
  }

  async lease(req: LeaseRequest): Promise<Lease | null> {
    await this.expire(req.now);
    const i = this.items.findIndex((e) => e.lease === null && e.availableAt <= req.now && (!req.tenantIds || req.tenantIds.includes(e.tenantId)));
    if (i < 0) return null;
    const e = this.items[i]!;
    const lease: Lease = { id: newId('lease'), jobId: e.jobId, tenantId: e.tenantId, runnerId: req.runnerId, expiresAt: req.now + req.ttlMs, attempt: e.attempts + 1 };
    const next = [...this.items];
    next[i] = { ...e, attempts: e.attempts + 1, lease };
    return this.commit(next, lease);
  }

  private live(leaseId: string, now: number): number {
    return this.items.findIndex((e) => e.lease?.id === leaseId && e.lease.expiresAt > now);
  }

  async heartbeat(leaseId: string, ttlMs: number, now: number): Promise<Lease | null> {
    const i = this.live(leaseId, now);
    if (i < 0) return null;
    const e = this.items[i]!;
    const lease = { ...e.lease!, expiresAt: now + ttlMs };
    const next = [...this.items];
    next[i] = { ...e, lease };
    return this.commit(next, lease);
  }

  async getLease(leaseId: string, now: number): Promise<Lease | null> {
    const i = this.live(leaseId, now);
    return i < 0 ? null : this.items[i]!.lease;
  }

  async complete(leaseId: string): Promise<boolean> {
    const i = this.items.findIndex((e) => e.lease?.id === leaseId);
    if (i < 0) return false;
    return this.commit(this.items.filter((_, j) => j !== i), true);
  }

  async release(leaseId: string, availableAt: number): Promise<boolean> {
    const i = this.items.findIndex((e) => e.lease?.id === leaseId);
    if (i < 0) return false;
    const next = [...this.items];
    next[i] = { ...next[i]!, lease: null, availableAt };
    return this.commit(next, true);
  }

  async remove(jobId: string): Promise<boolean> {
    if (!this.items.some((e) => e.jobId === jobId)) return false;
    return this.commit(this.items.filter((e) => e.jobId !== jobId), true);
  }

  async expire(now: number): Promise<Lease[]> {
    const expired = this.items.filter((e) => e.lease !== null && e.lease.expiresAt <= now).map((e) => e.lease!);
    if (expired.length === 0) return [];
    return this.commit(this.items.map((e) => (e.lease && e.lease.expiresAt <= now ? { ...e, lease: null } : e)), expired);
  }

  async entries(): Promise<QueueEntry[]> {
    return [...this.items];
  }
}
