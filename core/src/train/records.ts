// Training records from JSONL: plain text (loss on every token) or prompt/completion (loss on the completion).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatIssues, TrainError } from './errors.ts';

export const TextRecord = z.object({ text: z.string() });
export const CompletionRecord = z.object({ prompt: z.string(), completion: z.string() });
export type TrainRecord = ({ kind: 'text' } & z.infer<typeof TextRecord>) | ({ kind: 'completion' } & z.infer<typeof CompletionRecord>);

/** One record from one JSON value; `line` is 1-based, for the error message. */
export function parseRecord(value: unknown, line: number, source = 'data'): TrainRecord {
  const completion = CompletionRecord.safeParse(value);
  if (completion.success) return { kind: 'completion', ...completion.data };
  const text = TextRecord.safeParse(value);
  if (text.success) return { kind: 'text', ...text.data };
  // Report against the shape the record seems to aim for.
  const aimsCompletion = typeof value === 'object' && value !== null && ('prompt' in value || 'completion' in value);
  const issues = aimsCompletion ? completion.error.issues : text.error.issues;
  throw new TrainError('invalid_record', `${source}:${line}: expected {"text"} or {"prompt", "completion"}: ${formatIssues(issues)}`, {
    line,
    field: issues[0]?.path.map(String).join('.'),
  });
}

/** Parses JSONL text; blank lines are skipped, a bad line throws with its line number. */
export function parseJsonl(text: string, source = 'data'): TrainRecord[] {
  const out: TrainRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new TrainError('invalid_record', `${source}:${i + 1}: invalid JSON (${(err as Error).message})`, { line: i + 1 });
    }
    out.push(parseRecord(value, i + 1, source));
  }
  return out;
}

export function readJsonlRecords(path: string): TrainRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TrainError('invalid_config', `cannot read ${path}: ${(err as Error).message}`, { field: 'data' });
  }
  return parseJsonl(text, path);
}
