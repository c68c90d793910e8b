// First start: create the root tenant and its admin key. Returns the plaintext key only when it
// was just created (the caller writes it to $EDGETUNE_DATA_DIR/admin-key); later starts return null.
import type { Metadata } from '../ports/metadata.ts';
import type { TenantRow } from '../ports/rows.ts';
import { newId } from '../util/ids.ts';
import { mintKey } from './keys.ts';

export async function bootstrap(meta: Metadata, now: number): Promise<{ tenant: TenantRow; adminKey: string | null }> {
  const tenant = (await meta.tenants.root()) ?? (await meta.tenants.create({ id: newId('tn'), name: 'root', is_root: true, created_at: now }));
  // A crash between the two writes leaves a root tenant without a key: the next start mints one.
  const keys = await meta.keys.list(tenant.id);
  if (keys.some((k) => k.revoked_at === null && k.scopes.includes('admin'))) return { tenant, adminKey: null };
  const { row, plaintext } = mintKey(tenant.id, 'bootstrap admin', ['admin'], now);
  await meta.keys.insert(row);
  return { tenant, adminKey: plaintext };
}
