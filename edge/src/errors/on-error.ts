// App-level handlers: every thrown error answers with its EdgetuneError response.
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { EdgetuneError } from './edgetune-error.ts';
import { toEdgetuneError } from './from-unknown.ts';

export function onError(log: (message: string, err: unknown) => void = console.error): ErrorHandler {
  return function handleError(err: Error, c: Context): Response {
    const e = toEdgetuneError(err);
    if (e.status >= 500) log(`${c.req.method} ${c.req.path} failed`, err);
    return e.toResponse();
  };
}

export function onNotFound(): NotFoundHandler {
  return function handleNotFound(c: Context): Response {
    return new EdgetuneError('not_found', `no route for ${c.req.method} ${c.req.path}`).toResponse();
  };
}
