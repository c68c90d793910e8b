// Everything the app needs from the outside world, passed in by the Node or Workers entry point.
import type { Limits } from './config.ts';
import type { BlobStore } from './ports/blob-store.ts';
import type { Clock } from './ports/clock.ts';
import type { InferenceEngine } from './ports/inference.ts';
import type { JobQueue } from './ports/job-queue.ts';
import type { Metadata } from './ports/metadata.ts';
import type { MethodCatalog } from './ports/methods.ts';
import type { ModelCatalog } from './ports/models.ts';

export interface AppDeps {
  readonly blobs: BlobStore;
  readonly meta: Metadata;
  readonly queue: JobQueue;
  readonly clock: Clock;
  readonly models: ModelCatalog;
  readonly methods: MethodCatalog;
  readonly limits: Limits;
  /** Absent: completions answer 501 (see ports/inference.ts). */
  readonly inference?: InferenceEngine;
  /** Server-side problems (500s); defaults to console.error. */
  readonly log?: (message: string, err?: unknown) => void;
}
