// Validates one parsed value against its kind's schema. Returns the error instead of throwing:
// collect mode hits this path for every bad record, and exceptions are slow.
import { detectKind } from './detect.ts';
import { DataError } from './errors.ts';
import { isPlainValid } from './fast-validate.ts';
import { RECORD_KINDS, recordSchemas, type AnyRecord, type RecordKind } from './schemas.ts';

export type KindOption = RecordKind | 'auto';

export function validateRecord(value: unknown, kind: KindOption, line?: number): AnyRecord | DataError {
  const k = kind === 'auto' ? detectKind(value) : kind;
  if (k === undefined) {
    return new DataError('invalid_record', `cannot detect the record kind from its keys; expected one of ${RECORD_KINDS.join(', ')}`, { line });
  }
  // the common well-formed record skips zod's copy; zod still decides (and words) the rest
  if (isPlainValid(value, k)) return { kind: k, data: value } as AnyRecord;
  const parsed = recordSchemas[k].safeParse(value);
  if (parsed.success) return { kind: k, data: parsed.data } as AnyRecord;
  const issues = parsed.error.issues;
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return new DataError('invalid_record', first.message + more, { line, field: first.path.map(String).join('.') });
}
