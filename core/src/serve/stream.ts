/** An async iterator fed by a producer: push values, then end or fail. Buffers when the reader lags. */
export class Channel<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private failWaiting: ((e: unknown) => void) | null = null;
  private done = false;
  private error: unknown = undefined;

  /** `onClose` runs when the reader stops early (break out of for-await). */
  constructor(private readonly onClose?: () => void) {}

  push(value: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value, done: false });
    } else this.buffer.push(value);
  }

  end(): void {
    this.settle(undefined);
  }

  fail(err: unknown): void {
    this.settle(err ?? new Error('stream failed'));
  }

  private settle(err: unknown): void {
    if (this.done) return;
    this.done = true;
    this.error = err;
    if (err !== undefined && this.failWaiting) this.failWaiting(err);
    else this.waiting?.({ value: undefined, done: true });
    this.waiting = this.failWaiting = null;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift()!, done: false });
        if (this.done) return this.error === undefined ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(this.error);
        return new Promise((resolve, reject) => {
          this.waiting = resolve;
          this.failWaiting = reject;
        });
      },
      return: () => {
        this.buffer.length = 0;
        if (!this.done) this.onClose?.();
        this.settle(undefined);
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
