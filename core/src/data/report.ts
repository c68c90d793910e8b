// What happened to the records: counts in and out, drops by reason, a few examples of each.
import type { DataError } from './errors.ts';

export type DropReason = 'invalid' | 'empty' | 'too_long' | 'exact_duplicate' | 'near_duplicate' | 'no_trainable_tokens';
export const DROP_REASONS: readonly DropReason[] = ['invalid', 'empty', 'too_long', 'exact_duplicate', 'near_duplicate', 'no_trainable_tokens'];

export interface DropExample {
  line: number;
  preview: string;
  /** For duplicates: the line of the record that was kept. */
  duplicateOfLine?: number;
  /** For invalid records: the error message. */
  detail?: string;
}

export interface DataReport {
  recordsIn: number;
  recordsOut: number;
  dropped: Record<DropReason, number>;
  examples: Partial<Record<DropReason, DropExample[]>>;
}

export class ReportBuilder {
  recordsIn = 0;
  recordsOut = 0;
  readonly dropped = Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>;
  readonly examples: Partial<Record<DropReason, DropExample[]>> = {};

  constructor(readonly examplesPerReason = 3) {}

  drop(reason: DropReason, example: DropExample | (() => DropExample)): void {
    this.dropped[reason]++;
    const list = (this.examples[reason] ??= []);
    if (list.length < this.examplesPerReason) list.push(typeof example === 'function' ? example() : example);
  }

  invalid(error: DataError): void {
    this.recordsIn++;
    this.drop('invalid', () => ({ line: error.line ?? 0, preview: '', detail: error.message }));
  }

  build(): DataReport {
    return {
      recordsIn: this.recordsIn,
      recordsOut: this.recordsOut,
      dropped: { ...this.dropped },
      examples: structuredClone(this.examples),
    };
  }
}
