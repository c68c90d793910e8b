// The first admin key of a Worker. There is no console to print a generated key to, so the
// operator generates one (README: "Workers flavour") and sets it as the BOOTSTRAP_ADMIN_KEY secret;
// on an isolate's first request the key is inserted as a root admin key unless a key with its id
// already exists. Revoking it therefore sticks (the row stays, revoked), and setting a new secret
// is the way back in after every admin key was lost.
import { hashSecret, parseKey } from '../../auth/keys.ts';
import type { Metadata } from '../../ports/metadata.ts';
import { newId } from '../../util/ids.ts';
import { randomBytes } from 'node:crypto';

export async function ensureBootstrapKey(meta: Metadata, plaintext: string, now: number): Promise<'inserted' | 'present'> {
  const parsed = parseKey(plaintext.trim());
  if (!parsed) throw new Error('BOOTSTRAP_ADMIN_KEY is not an edgetune key (et_<20 base32 chars>_<43 base64url chars>)');
  if (await meta.keys.getForAuth(parsed.id)) return 'present';
  const root = (await meta.tenants.root()) ?? (await meta.tenants.create({ id: newId('tn'), name: 'root', is_root: true, created_at: now }));
  const salt = randomBytes(16).toString('hex');
  await meta.keys.insert({
    id: parsed.id, tenant_id: root.id, name: 'bootstrap admin (BOOTSTRAP_ADMIN_KEY)', salt, hash: hashSecret(salt, parsed.secret),
    scopes: ['admin'], created_at: now, last_used_at: null, revoked_at: null,
  });
  return 'inserted';
}
