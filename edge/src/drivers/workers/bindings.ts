// The Worker's bindings (wrangler.toml), typed structurally with only the members the drivers use:
// @cloudflare/workers-types declares globals that clash with @types/node, so it stays out of the
// program and these shapes are what R2, Queues and service bindings satisfy.

export interface R2ObjectLike {
  readonly key: string;
  readonly size: number;
}

export interface R2ObjectBodyLike extends R2ObjectLike {
  readonly body: ReadableStream<Uint8Array>;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}

export interface R2BucketLike {
  get(key: string): Promise<R2ObjectBodyLike | null>;
  head(key: string): Promise<R2ObjectLike | null>;
  put(key: string, value: Uint8Array | ReadableStream<Uint8Array> | string): Promise<R2ObjectLike | null>;
  delete(keys: string | string[]): Promise<void>;
  list(options?: { prefix?: string; cursor?: string; limit?: number }): Promise<{ objects: R2ObjectLike[]; truncated: boolean; cursor?: string }>;
}

export interface QueueLike<T> {
  send(body: T, options?: { contentType?: 'json'; delaySeconds?: number }): Promise<void>;
}

export interface MessageLike<T> {
  readonly id: string;
  readonly body: T;
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

export interface MessageBatchLike<T> {
  readonly queue: string;
  readonly messages: readonly MessageLike<T>[];
  ackAll(): void;
  retryAll(options?: { delaySeconds?: number }): void;
}

export interface FetcherLike {
  fetch(input: Request | string, init?: RequestInit): Promise<Response>;
}

export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
}

export interface ScheduledControllerLike {
  readonly scheduledTime: number;
  readonly cron: string;
}

/** What the deps factory reads from `env`. Vars arrive as strings. */
export interface WorkerEnv {
  /** R2: datasets, adapters, artifacts (t/<tenant>/…) and base model configs (models/<id>/config.json). */
  BLOBS?: R2BucketLike;
  /** D1: metadata and the job queue (lease state). */
  DB?: unknown;
  /** Queues producer: outbound webhook work (see webhook-queue.ts). */
  WEBHOOKS?: QueueLike<WebhookMessage>;
  /** Service binding to an inference node; INFERENCE_URL is the alternative. */
  INFERENCE?: FetcherLike;
  INFERENCE_URL?: string;
  /** Secret: the inference node's bearer token (`edgetune inference-node --token`). */
  INFERENCE_TOKEN?: string;
  /** Comma-separated base model ids, each optionally `id:maxRank`. */
  BASE_MODELS?: string;
  /** Secret: a root admin key (et_<id>_<secret>) inserted on first use; see bootstrap.ts. */
  BOOTSTRAP_ADMIN_KEY?: string;
  /** EDGETUNE_<SNAKE_CASE> limits, as on Node, plus EDGETUNE_MAX_STAGED_BYTES. */
  [name: `EDGETUNE_${string}`]: string | undefined;
}

/** A Queues message: "deliver what is due" (the consumer reads the due rows from D1). */
export interface WebhookMessage {
  kind: 'webhooks.dispatch';
  /** What caused it, for logs. */
  reason: string;
}
