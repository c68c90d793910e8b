import { createHash } from 'node:crypto';

/** The content hash that names an adapter blob: sha256 of the packed bytes, hex. */
export function adapterHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
