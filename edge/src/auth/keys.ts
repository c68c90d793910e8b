// API keys: `et_<id>_<secret>`. The id finds the row; the secret is checked against
// sha256(salt ':' secret). Secrets carry 256 random bits, so a fast hash is enough (no password
// stretching needed), and the per-key salt keeps equal secrets from having equal hashes.
import { randomBytes } from 'node:crypto';
import type { ApiKeyRow, Scope } from '../ports/rows.ts';
import { safeEqual, sha256Hex } from '../util/crypto.ts';
import { newId, randomSecret } from '../util/ids.ts';

const KEY = /^et_([a-z2-7]{20})_([A-Za-z0-9_-]{43})$/;

export function hashSecret(salt: string, secret: string): string {
  return sha256Hex(`${salt}:${secret}`);
}

/** A new key: the row to store and the plaintext to show once. */
export function mintKey(tenantId: string, name: string, scopes: Scope[], now: number): { row: ApiKeyRow; plaintext: string } {
  const id = newId('key');
  const secret = randomSecret(32);
  const salt = randomBytes(16).toString('hex');
  const row: ApiKeyRow = { id, tenant_id: tenantId, name, salt, hash: hashSecret(salt, secret), scopes, created_at: now, last_used_at: null, revoked_at: null };
  return { row, plaintext: `et_${id.slice('key_'.length)}_${secret}` };
}

export function parseKey(plaintext: string): { id: string; secret: string } | undefined {
  const m = KEY.exec(plaintext);
  return m ? { id: `key_${m[1]}`, secret: m[2]! } : undefined;
}

export function verifySecret(row: ApiKeyRow, secret: string): boolean {
  return safeEqual(hashSecret(row.salt, secret), row.hash);
}
