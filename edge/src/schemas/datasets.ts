import { z } from 'zod';
import { Name } from './common.ts';

export const DatasetFormat = z.enum(['jsonl', 'csv']);
export const RecordKind = z.enum(['auto', 'completion', 'chat', 'classification', 'regression', 'tagging', 'qa']);
const Bool = z.enum(['true', 'false']).transform((s) => s === 'true');

/** Options of an upload: query parameters of a raw upload, or form fields of a multipart one. */
export const UploadOptions = z.strictObject({
  name: Name.optional(),
  purpose: z.enum(['fine-tune', 'validation']).default('fine-tune'),
  format: DatasetFormat.optional().describe('default: from the file name or Content-Type, else jsonl'),
  kind: RecordKind.default('auto'),
  clean: Bool.default(true).describe('normalize text and drop empty, over-long, duplicate and near-duplicate records'),
  on_invalid: z.enum(['reject', 'skip']).default('reject').describe('reject: the first bad record fails the upload (422 with its line); skip: bad records are dropped and counted'),
});
export type UploadOptions = z.output<typeof UploadOptions>;

export const DatasetObject = z.object({
  id: z.string(),
  object: z.literal('dataset'),
  name: z.string(),
  purpose: z.string(),
  format: DatasetFormat,
  kind: z.string(),
  bytes: z.number().int(),
  records: z.number().int(),
  sha256: z.string(),
  created_at: z.number().int(),
  stats: z.object({
    bytes_in: z.number().int(), records_in: z.number().int(), records_out: z.number().int(),
    dropped: z.record(z.string(), z.number().int()), kinds: z.record(z.string(), z.number().int()),
    chars: z.object({ total: z.number(), mean: z.number(), max: z.number() }),
  }).passthrough(),
  preview: z.array(z.unknown()).optional(),
});
