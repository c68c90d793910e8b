// A leased job's inputs: its dataset records (cached by sha256), the base model folder (local or
// downloaded and cached), and the checkpoint to resume from, unpacked where train() expects it.
import { join } from 'node:path';
import { checkpointName } from '@edgetune/core/train/checkpoint.ts';
import type { TrainRecord } from '@edgetune/core/train/records.ts';
import { sha256Hex, type LeasedFile } from './client.ts';
import { JobInputError } from './errors.ts';
import type { Heartbeat } from './heartbeat.ts';
import type { JobContext } from './job.ts';
import { isPack, unpackTo } from './pack.ts';
import { parseDatasetJsonl } from './records.ts';

export async function records(c: JobContext, file: LeasedFile): Promise<TrainRecord[]> {
  return parseDatasetJsonl(file.kind, new TextDecoder().decode(await c.cache.dataset(c.client, file)));
}

export async function modelFolder(c: JobContext): Promise<string> {
  const local = c.modelDir?.(c.lease.base_model.id);
  if (local) return local;
  if (!c.lease.base_model.url) throw new JobInputError('model_unavailable', `this runner has no copy of base model '${c.lease.base_model.id}' and the server does not serve its files`);
  return c.cache.model(c.client, c.lease.base_model.url);
}

/** The lease's checkpoint unpacked under OUT/checkpoints; undefined when there is none to use. */
export async function resumePoint(c: JobContext, hb: Heartbeat, out: string): Promise<string | undefined> {
  const from = c.lease.resume_from;
  if (!from) return undefined;
  const bytes = await c.client.downloadBytes(from.url);
  if (sha256Hex(bytes) !== from.sha256) throw new Error(`checkpoint at step ${from.step}: content hash does not match ${from.sha256}`);
  if (!isPack(bytes)) {
    hb.note(`The checkpoint at step ${from.step} is not a runner checkpoint; training starts over`);
    return undefined;
  }
  const dir = join(out, 'checkpoints', checkpointName(from.step));
  unpackTo(bytes, dir);
  hb.note(`Resuming from the checkpoint at step ${from.step}`);
  return dir;
}
