// How a job can end other than by training failing: interrupted (cancel, lost lease, stop request), or
// with input that no retry on this runner would fix.

/** The job ended without a result of ours: cancelled, lease lost, or handed back on a stop request. */
export class JobInterrupted extends Error {
  constructor(readonly outcome: 'cancelled' | 'lost' | 'released', message: string) {
    super(message);
  }
}

/** Input this runner cannot train from (no file, no model): not worth a retry here. */
export class JobInputError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
