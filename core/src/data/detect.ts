// Guesses a record's kind from its keys. Order matters: the most specific shapes are tried first.
import { RECORD_KINDS, type RecordKind } from './schemas.ts';

export function detectKind(value: unknown): RecordKind | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const has = Object.hasOwn;
  if (has(value, 'messages')) return 'chat';
  if (has(value, 'tokens') && has(value, 'tags')) return 'tagging';
  if (has(value, 'question') && has(value, 'answer')) return 'qa';
  if (has(value, 'prompt') && has(value, 'completion')) return 'completion';
  if (has(value, 'text') && has(value, 'label')) return 'classification';
  if (has(value, 'text') && has(value, 'value')) return 'regression';
  return undefined;
}

/** Same detection from a CSV header. */
export function detectKindFromColumns(columns: readonly string[]): RecordKind | undefined {
  return detectKind(Object.fromEntries(columns.map((c) => [c, true])));
}

export function isRecordKind(x: unknown): x is RecordKind {
  return typeof x === 'string' && (RECORD_KINDS as readonly string[]).includes(x);
}
