// Hashes and MACs used across the app (node:crypto: Node, and Workers with nodejs_compat).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256Hex(secret: string | Uint8Array, data: Uint8Array | string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/** Constant-time comparison of two hex (or any ASCII) strings. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
