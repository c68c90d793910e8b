// Typed serving errors: each code has the HTTP status the edge API answers with.
export type ServeErrorCode =
  | 'overloaded' // the request queue is full: shed load, retry later
  | 'cancelled'
  | 'invalid_request'
  | 'too_long' // prompt plus max_tokens exceed the model's context or the engine's limits
  | 'adapter_not_found'
  | 'invalid_adapter'
  | 'closed';

const STATUS: Record<ServeErrorCode, number> = {
  overloaded: 503,
  cancelled: 499,
  invalid_request: 400,
  too_long: 413,
  adapter_not_found: 404,
  invalid_adapter: 422,
  closed: 503,
};

export class ServeError extends Error {
  readonly code: ServeErrorCode;

  constructor(code: ServeErrorCode, message: string) {
    super(message);
    this.name = 'ServeError';
    this.code = code;
  }

  /** HTTP status for the edge API. */
  get status(): number {
    return STATUS[this.code];
  }
}
