// @edgetune/edge: the app, its ports and the drivers that run anywhere. Node-only pieces
// (folder blob store, the SQLite file, in-process runner and inference, the HTTP server) are
// imported from their files, and src/node.ts starts them all.
export { createApp } from './app.ts';
export type { AppDeps } from './deps.ts';
export type { AppEnv, AuthContext } from './env.ts';
export { Limits, defaultLimits } from './config.ts';
export { EdgetuneError, type ErrorCode } from './errors/index.ts';
export type { BlobStore, BlobObject, BlobHead, StagedBlob } from './ports/blob-store.ts';
export type { Metadata } from './ports/metadata.ts';
export type { JobQueue, Lease, QueueEntry } from './ports/job-queue.ts';
export type { InferenceEngine, InferenceRequest, InferenceStream } from './ports/inference.ts';
export type { ModelCatalog, BaseModelInfo } from './ports/models.ts';
export type { MethodCatalog } from './ports/methods.ts';
export { systemClock, ManualClock, type Clock } from './ports/clock.ts';
export { MemoryBlobStore } from './drivers/memory/blob-store.ts';
export { MemoryJobQueue } from './drivers/memory/job-queue.ts';
export { memoryMetadata } from './drivers/memory/metadata.ts';
export { bootstrap } from './auth/bootstrap.ts';
export { RunnerClient, type LeasedJob } from '@edgetune/gpu-runner/client.ts';
export { sign as signWebhook, verifySignature as verifyWebhookSignature } from './services/webhooks/signature.ts';
export { openApiDocument } from './openapi/document.ts';
