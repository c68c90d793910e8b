// Caps the request body: a Content-Length over the limit is refused before reading, and a body
// without one is counted as it streams, so nothing past the limit is ever buffered.
import type { MiddlewareHandler } from 'hono';
import { tooLarge } from '../errors/index.ts';

export function limitedStream(body: ReadableStream<Uint8Array>, max: number, what?: string): ReadableStream<Uint8Array> {
  let n = 0;
  return body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, ctrl) {
      n += chunk.length;
      if (n > max) throw tooLarge(max, what);
      ctrl.enqueue(chunk);
    },
  }));
}

export function bodyLimit(max: number | ((c: Parameters<MiddlewareHandler>[0]) => number), what?: string): MiddlewareHandler {
  return async function limitBody(c, next) {
    const limit = typeof max === 'number' ? max : max(c);
    const length = c.req.header('content-length');
    if (length !== undefined && Number(length) > limit) throw tooLarge(limit, what);
    const body = c.req.raw.body;
    if (body) c.req.raw = new Request(c.req.raw, { body: limitedStream(body, limit, what), duplex: 'half' } as RequestInit);
    await next();
  };
}
