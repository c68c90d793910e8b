// Webhook signatures, the same both ways: HMAC-SHA256 over `${timestamp}.${body}` with the hook's
// secret, sent as `edgetune-signature: v1=<hex>` next to `edgetune-timestamp: <unix seconds>` and
// `edgetune-delivery: <id>`. Several comma-separated v1= values are accepted (secret rotation).
import { EdgetuneError } from '../../errors/index.ts';
import { hmacSha256Hex, safeEqual } from '../../util/crypto.ts';

export const HEADERS = { timestamp: 'edgetune-timestamp', signature: 'edgetune-signature', delivery: 'edgetune-delivery' } as const;

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${hmacSha256Hex(secret, `${timestamp}.${body}`)}`;
}

export function signedHeaders(secret: string, timestamp: number, body: string, deliveryId: string): Record<string, string> {
  return { [HEADERS.timestamp]: String(timestamp), [HEADERS.signature]: sign(secret, timestamp, body), [HEADERS.delivery]: deliveryId };
}

const unauthorized = (message: string) => new EdgetuneError('unauthorized', message);

/** Throws 401 unless the timestamp is within `toleranceMs` of now and a signature matches. */
export function verifySignature(secret: string, headers: { timestamp?: string; signature?: string }, body: string, nowMs: number, toleranceMs: number): string {
  if (!headers.timestamp || !headers.signature) throw unauthorized(`missing ${HEADERS.timestamp} or ${HEADERS.signature} header`);
  if (!/^\d{1,12}$/.test(headers.timestamp)) throw unauthorized(`${HEADERS.timestamp} must be unix seconds`);
  const ts = Number(headers.timestamp);
  if (Math.abs(nowMs - ts * 1000) > toleranceMs) throw unauthorized(`timestamp is more than ${toleranceMs / 1000}s from the server clock`);
  const expected = sign(secret, ts, body);
  const match = headers.signature.split(',').map((s) => s.trim()).find((s) => safeEqual(s, expected));
  if (!match) throw unauthorized('signature does not match');
  return match;
}
