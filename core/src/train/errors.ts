// Typed trainer errors: bad data says which line, bad config says which field, so a user can fix it.
export type TrainErrorCode = 'invalid_record' | 'invalid_config' | 'no_examples' | 'diverged';

const STATUS: Record<TrainErrorCode, number> = { invalid_record: 422, invalid_config: 400, no_examples: 422, diverged: 500 };

export class TrainError extends Error {
  readonly status: number;

  constructor(
    readonly code: TrainErrorCode,
    message: string,
    readonly where: { line?: number; field?: string } = {},
  ) {
    super(message);
    this.name = 'TrainError';
    this.status = STATUS[code];
  }
}

/** zod issues as `field: message` lines (`(root)` when the whole value is wrong). */
export function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`).join('; ');
}
