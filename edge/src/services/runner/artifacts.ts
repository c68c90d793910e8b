// Runner artifacts (checkpoints, the final adapter) are stored by content hash per tenant, once:
// a retried upload of the same bytes is acknowledged without being stored again.
import { createHash } from 'node:crypto';
import type { AppDeps } from '../../deps.ts';
import { invalidField } from '../../errors/index.ts';

export const artifactKey = (tenantId: string, sha256: string) => `t/${tenantId}/artifacts/sha256/${sha256}`;

export async function storeArtifact(deps: Pick<AppDeps, 'blobs'>, tenantId: string, sha256: string, body: AsyncIterable<Uint8Array>): Promise<{ created: boolean; size: number }> {
  const key = artifactKey(tenantId, sha256);
  const existing = await deps.blobs.head(key);
  if (existing) return { created: false, size: existing.size };
  const staged = await deps.blobs.stage();
  const hash = createHash('sha256');
  try {
    for await (const chunk of body) {
      hash.update(chunk);
      await staged.write(chunk);
    }
    const actual = hash.digest('hex');
    if (actual !== sha256) throw invalidField('sha256', `content hash mismatch: the body hashes to ${actual}`);
    const head = await staged.commit(key);
    return { created: true, size: head.size };
  } finally {
    await staged.abort();
  }
}
