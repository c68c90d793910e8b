// The one error type of the edge app: a code, an HTTP status and the failing field, and it knows
// its own response. Bodies follow OpenAI's shape: { error: { type, code, message, param } }.
export type ErrorCode =
  | 'invalid_json' // 400: the body does not parse
  | 'invalid_request' // 400: wrong content type, missing part, bad query
  | 'unauthorized' // 401: no key, unknown key, bad webhook signature or stale timestamp
  | 'forbidden' // 403: a valid key without the scope
  | 'not_found' // 404: unknown id, or another tenant's id
  | 'conflict' // 409: replayed delivery, name taken, state does not allow it, lease lost
  | 'payload_too_large' // 413
  | 'invalid_field' // 422: parsed but invalid (wrong type, unknown field, bad value)
  | 'not_implemented' // 501
  | 'unavailable' // 503: overloaded or shutting down; retry later
  | 'internal'; // 500

export const ERROR_STATUS: Record<ErrorCode, number> = {
  invalid_json: 400,
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  invalid_field: 422,
  not_implemented: 501,
  unavailable: 503,
  internal: 500,
};

export interface ErrorWhere {
  /** Dotted path of the failing field (`method.config.r`), OpenAI's `param`. */
  field?: string;
  /** 1-based line of an uploaded file. */
  line?: number;
}

export interface ErrorBody {
  error: { type: string; code: ErrorCode; message: string; param: string | null; line?: number };
}

export class EdgetuneError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly line: number | undefined;
  /** Extra response headers (WWW-Authenticate on 401). */
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, where: ErrorWhere = {}, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'EdgetuneError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.field = where.field;
    this.line = where.line;
    this.headers = headers;
  }

  toJSON(): ErrorBody {
    const type = this.status >= 500 ? 'server_error' : 'invalid_request_error';
    const body: ErrorBody = { error: { type, code: this.code, message: this.message, param: this.field ?? null } };
    if (this.line !== undefined) body.error.line = this.line;
    return body;
  }

  toResponse(): Response {
    return new Response(JSON.stringify(this.toJSON()), {
      status: this.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...this.headers },
    });
  }
}

export const notFound = (what: string, id: string, field?: string) => new EdgetuneError('not_found', `${what} '${id}' not found`, { field });
export const conflict = (message: string, field?: string) => new EdgetuneError('conflict', message, { field });
export const invalidField = (field: string, message: string) => new EdgetuneError('invalid_field', message, { field });
export const tooLarge = (limit: number, what = 'request body') => new EdgetuneError('payload_too_large', `${what} exceeds the limit of ${limit} bytes`);
