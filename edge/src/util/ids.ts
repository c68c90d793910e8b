// Random identifiers: a readable prefix plus 96 random bits in lowercase base32 (no ambiguity, URL-safe).
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export type IdPrefix = 'tn' | 'key' | 'ds' | 'ad' | 'adv' | 'ftjob' | 'ftevent' | 'ftckpt' | 'hook' | 'wh' | 'whd' | 'lease' | 'smp';

/** `ds_7m2q…`: 20 base32 characters after the prefix. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${base32(randomBytes(12))}`;
}

/** A secret of `bytes` random bytes, base64url. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
