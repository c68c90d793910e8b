// Stores an adapter once by content (the blob key is its sha256, per tenant) and records a new
// version. If the metadata write fails, a blob this call created is removed again.
import { packAdapter } from '@edgetune/core/serve/adapter-blob.ts';
import type { AppDeps } from '../../deps.ts';
import type { AdapterRow, AdapterVersionRow } from '../../ports/rows.ts';
import { sha256Hex } from '../../util/crypto.ts';
import { newId } from '../../util/ids.ts';
import type { ValidAdapter } from './validate.ts';

export const adapterBlobKey = (tenantId: string, sha256: string) => `t/${tenantId}/adapters/sha256/${sha256}`;

export interface PublishRequest {
  tenantId: string;
  name: string;
  baseModel: string;
  adapter: ValidAdapter;
  aliases?: string[];
  sourceJobId?: string | null;
}

export async function publishAdapter(deps: Pick<AppDeps, 'blobs' | 'meta' | 'clock'>, r: PublishRequest): Promise<{ adapter: AdapterRow; version: AdapterVersionRow }> {
  const bytes = packAdapter({ config: r.adapter.config, tensors: r.adapter.tensors });
  const sha256 = sha256Hex(bytes);
  const key = adapterBlobKey(r.tenantId, sha256);
  const existed = (await deps.blobs.head(key)) !== null;
  if (!existed) await deps.blobs.put(key, bytes);
  try {
    return await deps.meta.adapters.publish(r.tenantId, {
      name: r.name, baseModel: r.baseModel, now: deps.clock.now(), aliases: r.aliases,
      version: {
        id: newId('adv'), method: r.adapter.method, rank: r.adapter.rank, blob_key: key, sha256, bytes: bytes.length,
        config: r.adapter.config, source_job_id: r.sourceJobId ?? null,
      },
    });
  } catch (e) {
    if (!existed && (await deps.meta.adapters.blobRefs(r.tenantId, key)) === 0) await deps.blobs.delete(key);
    throw e;
  }
}

/** After versions are deleted: drops blobs that no remaining version of the tenant uses. */
export async function collectAdapterBlobs(deps: Pick<AppDeps, 'blobs' | 'meta'>, tenantId: string, removed: readonly AdapterVersionRow[]): Promise<void> {
  for (const key of new Set(removed.map((v) => v.blob_key))) {
    if ((await deps.meta.adapters.blobRefs(tenantId, key)) === 0) await deps.blobs.delete(key);
  }
}
