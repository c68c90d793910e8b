// The in-process queue, persisted to a JSON file on every change so queued jobs survive a restart.
import { z } from 'zod';
import type { QueueEntry } from '../../ports/job-queue.ts';
import { MemoryJobQueue } from '../memory/job-queue.ts';
import { readJsonFile, writeJsonAtomic } from './json-file.ts';

const LeaseSchema = z.object({
  id: z.string(), jobId: z.string(), tenantId: z.string(), runnerId: z.string(), expiresAt: z.number(), attempt: z.number().int(),
});
const EntrySchema = z.object({
  jobId: z.string(), tenantId: z.string(), availableAt: z.number(), attempts: z.number().int(), enqueuedAt: z.number(), lease: LeaseSchema.nullable(),
});
const FileSchema = z.object({ format: z.literal('edgetune-queue'), version: z.literal(1), entries: z.array(EntrySchema) });

export function openJsonQueue(path: string): MemoryJobQueue {
  const file = readJsonFile(path, FileSchema);
  const queue = new MemoryJobQueue(file?.entries ?? []);
  queue.onChange = (entries: readonly QueueEntry[]) => writeJsonAtomic(path, { format: 'edgetune-queue', version: 1, entries });
  return queue;
}
