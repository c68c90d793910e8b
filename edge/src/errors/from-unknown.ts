// Errors from core (DataError, TrainError, ServeError) and from Hono become EdgetuneErrors;
// anything else is a 500 whose message is not sent to the client.
import { HTTPException } from 'hono/http-exception';
import { EdgetuneError, type ErrorCode } from './edgetune-error.ts';

interface CoreLike {
  name: string;
  message: string;
  status: number;
  field?: string;
  line?: number;
  where?: { field?: string; line?: number };
}

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'payload_too_large', 422: 'invalid_field',
  499: 'conflict', 503: 'unavailable',
};

function isCoreError(e: unknown): e is CoreLike {
  return e instanceof Error && ['DataError', 'TrainError', 'ServeError'].includes(e.name) && typeof (e as { status?: unknown }).status === 'number';
}

export function toEdgetuneError(e: unknown): EdgetuneError {
  if (e instanceof EdgetuneError) return e;
  if (isCoreError(e)) {
    const code = BY_STATUS[e.status] ?? 'internal';
    const field = e.field ?? e.where?.field;
    const line = e.line ?? e.where?.line;
    return new EdgetuneError(code, code === 'internal' ? 'internal error' : e.message, { field, line });
  }
  if (e instanceof HTTPException) return new EdgetuneError(BY_STATUS[e.status] ?? 'internal', e.message || 'request failed');
  if (e instanceof SyntaxError) return new EdgetuneError('invalid_json', `malformed JSON: ${e.message}`);
  return new EdgetuneError('internal', 'internal error');
}
