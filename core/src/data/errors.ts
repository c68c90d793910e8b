// Typed data errors: every rejected input says which line and which field, so a user can fix the file.
export type DataErrorCode =
  | 'record_too_large'
  | 'file_too_large'
  | 'invalid_record'
  | 'parse_error'
  | 'invalid_options';

const STATUS: Record<DataErrorCode, number> = {
  record_too_large: 413,
  file_too_large: 413,
  invalid_record: 422,
  parse_error: 400,
  invalid_options: 400,
};

export interface DataErrorWhere {
  /** 1-based line; for CSV the physical line where the record starts. */
  line?: number;
  /** Dotted path of the failing field, e.g. `messages.1.role`. */
  field?: string;
}

export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly line: number | undefined;
  readonly field: string | undefined;
  /** The message without the `line N: field "x":` prefix. */
  readonly detail: string;

  constructor(code: DataErrorCode, detail: string, where: DataErrorWhere = {}) {
    super(formatDataError(detail, where));
    this.name = 'DataError';
    this.code = code;
    this.line = where.line;
    this.field = where.field;
    this.detail = detail;
  }

  /** HTTP status for the edge API: 413 for size limits, 422 for bad records, 400 otherwise. */
  get status(): number {
    return STATUS[this.code];
  }

  toJSON(): { code: DataErrorCode; line?: number; field?: string; message: string } {
    return { code: this.code, line: this.line, field: this.field, message: this.message };
  }
}

export function formatDataError(detail: string, { line, field }: DataErrorWhere): string {
  let prefix = '';
  if (line !== undefined) prefix += `line ${line}: `;
  if (field !== undefined && field !== '') prefix += `field "${field}": `;
  return prefix + detail;
}
