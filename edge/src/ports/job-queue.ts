// Port: the job queue. Workers: Queues plus the HTTP lease API; Node: an in-process queue.
// Runners lease a job for a while and must heartbeat; a lease that expires puts the job back.

export interface QueueEntry {
  readonly jobId: string;
  readonly tenantId: string;
  /** ms: not leasable before this (retry backoff). */
  readonly availableAt: number;
  /** Leases handed out so far. */
  readonly attempts: number;
  readonly enqueuedAt: number;
  readonly lease: Lease | null;
}

export interface Lease {
  readonly id: string;
  readonly jobId: string;
  readonly tenantId: string;
  readonly runnerId: string;
  readonly expiresAt: number;
  /** 1 for the first lease of the job. */
  readonly attempt: number;
}

export interface LeaseRequest {
  runnerId: string;
  ttlMs: number;
  now: number;
  /** Only jobs of these tenants (absent: any tenant). */
  tenantIds?: readonly string[];
}

export interface JobQueue {
  /** Adds the job (a job already queued is left as it is). */
  enqueue(entry: { jobId: string; tenantId: string; now: number; availableAt?: number }): Promise<void>;
  /** The oldest available job without a live lease, now leased; null when none. */
  lease(req: LeaseRequest): Promise<Lease | null>;
  /** Extends a live lease; null when it expired or is unknown (the runner lost it). */
  heartbeat(leaseId: string, ttlMs: number, now: number): Promise<Lease | null>;
  /** The live lease with this id, or null. */
  getLease(leaseId: string, now: number): Promise<Lease | null>;
  /** Removes the job for good (done, failed for good or cancelled). True when the lease was live. */
  complete(leaseId: string): Promise<boolean>;
  /** Gives the job back for another attempt, not before `availableAt`. */
  release(leaseId: string, availableAt: number): Promise<boolean>;
  /** Drops a job whatever its state (cancel). */
  remove(jobId: string): Promise<boolean>;
  /** Clears expired leases (the jobs become leasable again) and returns them. */
  expire(now: number): Promise<Lease[]>;
  entries(): Promise<QueueEntry[]>;
}
