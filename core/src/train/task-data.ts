// Records → examples for a task head (sequence classification, regression, token classification), with the
// eval module's record schemas and encoders, so `train` and `eval` read a labelled file the same way.
import { classIndex, encodeSequence, encodeTagging, type SequenceExample, type TokenExample } from '../eval/encode.ts';
import { labelsFor, type BatchShape } from '../eval/predict.ts';
import { padRows } from '../eval/forward.ts';
import { parseRecords, readJsonl, type RecordsOf } from '../eval/records.ts';
import type { TaskSpec } from '../heads/index.ts';
import type { Tokenizer } from '../tokenizer/index.ts';
import type { PackedBatch } from './batches.ts';
import { TrainError } from './errors.ts';
import { splitRecords } from './run-data.ts';
import type { TrainConfig } from './train-config.ts';

export type HeadTask = Exclude<TrainConfig['task'], 'causal-lm'>;
export type TaskRecord = RecordsOf[HeadTask];
export type TaskExample = SequenceExample | TokenExample;

export interface TaskData {
  task: Exclude<TaskSpec, { type: 'causal-lm' }>;
  /** Class or tag names by index (saved with the adapter); undefined for integer labels and regression. */
  labels?: string[];
  train: TaskExample[];
  validation?: TaskExample[];
}

/** The trainer's errors name the record; eval's plain errors become TrainErrors here. */
function asRecordError<T>(f: () => T, field: string): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof TrainError) throw err;
    throw new TrainError('invalid_record', (err as Error).message, { field });
  }
}

const load = (d: string | readonly unknown[]) => (typeof d === 'string' ? readJsonl(d) : d);

/** Label names: the ones given, else every string label seen, sorted (integer labels need none). */
function labelNames(given: readonly string[] | undefined, seen: readonly (string | number)[]): string[] | undefined {
  if (given) return [...given];
  const names = [...new Set(seen.filter((l): l is string => typeof l === 'string'))].sort();
  return names.length ? names : undefined;
}

export function prepareTaskData(
  src: { data: string | readonly unknown[]; validation?: string | readonly unknown[] },
  type: HeadTask, cfg: TrainConfig, tok: Tokenizer,
): TaskData {
  let values = asRecordError(() => load(src.data), 'data');
  let valValues = src.validation === undefined ? undefined : asRecordError(() => load(src.validation!), 'validation');
  if (cfg.valSplit !== undefined) {
    if (valValues) throw new TrainError('invalid_config', 'give a validation file or valSplit, not both', { field: 'valSplit' });
    ({ train: values, validation: valValues } = splitRecords(values, cfg.valSplit, cfg.seed));
  }
  const source = (d: unknown, fallback: string) => (typeof d === 'string' ? d : fallback);
  const parse = (vs: readonly unknown[], from: string, field: string) => asRecordError(() => parseRecords(type, vs, from), field);
  const train = parse(values, source(src.data, 'data'), 'data');
  const val = valValues && parse(valValues, cfg.valSplit ? source(src.data, 'data') : source(src.validation, 'validation'), 'validation');
  const all: TaskRecord[] = [...train, ...(val ?? [])];
  const encodeAll = (encode: (r: TaskRecord) => TaskExample) => ({
    train: asRecordError(() => train.map(encode), 'data'), validation: val && asRecordError(() => val.map(encode), 'validation'),
  });
  switch (type) {
    case 'regression':
      return { task: { type }, ...encodeAll((r) => encodeSequence(r as RecordsOf['regression'], tok, cfg.seq, (r as RecordsOf['regression']).value)) };
    case 'sequence-classification': {
      const raw = (all as RecordsOf[typeof type][]).map((r) => r.label);
      const labels = labelNames(cfg.labels, raw);
      const numLabels = Math.max(2, labels?.length ?? Math.max(...raw.map(Number)) + 1);
      const task = { type, numLabels };
      const encode = (r: TaskRecord) => encodeSequence(r as RecordsOf[typeof type], tok, cfg.seq, classIndex((r as RecordsOf[typeof type]).label, labels, numLabels));
      return { task, labels, ...encodeAll(encode) };
    }
    case 'token-classification': {
      const labels = labelNames(cfg.labels, (all as RecordsOf[typeof type][]).flatMap((r) => r.tags))!;
      const task = { type, numLabels: labels.length };
      return { task, labels, ...encodeAll((r) => encodeTagging(r as RecordsOf[typeof type], tok, cfg.seq, (t) => classIndex(t, labels, labels.length))) };
    }
  }
}

/**
 * A [batch, seq] head batch with an attention mask (pooling reads the last real token). A short last batch
 * is filled by repeating its rows: filler rows would otherwise add zero targets to the regression MSE.
 */
export function taskBatch(task: TaskSpec, rows: readonly TaskExample[], s: BatchShape): PackedBatch {
  const full = Array.from({ length: s.batch }, (_, i) => rows[i % rows.length]!);
  return {
    batch: { ...padRows(full.map((r) => r.ids), s.batch, s.seq, s.pad), labels: labelsFor(task, full, s) },
    tokens: rows.reduce((n, r) => n + Math.min(r.ids.length, s.seq), 0),
  };
}
