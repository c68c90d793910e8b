// Evaluation records per task, in the field names of the data pipeline (core/src/data/schemas.ts).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { TaskType } from '../heads/index.ts';

export const ClassificationRecord = z.object({ text: z.string(), label: z.union([z.number().int().nonnegative(), z.string().min(1)]) });
export const RegressionRecord = z.object({ text: z.string(), value: z.number() });
export const TaggingRecord = z
  .object({ tokens: z.array(z.string()).min(1), tags: z.array(z.string()) })
  .refine((r) => r.tokens.length === r.tags.length, { message: 'tags must have the same length as tokens', path: ['tags'] });
export const LmRecord = z.union([z.object({ prompt: z.string(), completion: z.string() }), z.object({ text: z.string() })]);

export type ClassificationRecord = z.infer<typeof ClassificationRecord>;
export type RegressionRecord = z.infer<typeof RegressionRecord>;
export type TaggingRecord = z.infer<typeof TaggingRecord>;
export type LmRecord = z.infer<typeof LmRecord>;

export interface RecordsOf {
  'sequence-classification': ClassificationRecord;
  regression: RegressionRecord;
  'token-classification': TaggingRecord;
  'causal-lm': LmRecord;
}

const SCHEMAS: { [K in TaskType]: z.ZodType<RecordsOf[K]> } = {
  'sequence-classification': ClassificationRecord,
  regression: RegressionRecord,
  'token-classification': TaggingRecord,
  'causal-lm': LmRecord,
};

const SHAPES: Record<TaskType, string> = {
  'sequence-classification': '{"text", "label"}',
  regression: '{"text", "value"}',
  'token-classification': '{"tokens": [...], "tags": [...]}',
  'causal-lm': '{"text"} or {"prompt", "completion"}',
};

/** Validates every record for the task; the error names the record (1-based) and the failing field. */
export function parseRecords<K extends TaskType>(task: K, values: readonly unknown[], source = 'data'): RecordsOf[K][] {
  if (values.length === 0) throw new Error(`${source}: no records to evaluate`);
  return values.map((v, i) => {
    const r = SCHEMAS[task].safeParse(v);
    if (r.success) return r.data;
    const issue = r.error.issues[0]!;
    throw new Error(`${source}:${i + 1}: a ${task} record is ${SHAPES[task]}; ${issue.path.join('.') || 'record'}: ${issue.message}`);
  });
}

/** JSON values from a JSONL file (blank lines skipped). */
export function readJsonl(path: string): unknown[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: unknown[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line));
    } catch (err) {
      throw new Error(`${path}:${i + 1}: invalid JSON (${(err as Error).message})`);
    }
  });
  return out;
}
