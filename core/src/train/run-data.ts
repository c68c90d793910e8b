// Records → packed rows for training, validation (a second JSONL or a seeded split) and EWC's reference set.
import type { Tokenizer } from '../tokenizer/index.ts';
import { hashSeed, mulberry32 } from '../weights/index.ts';
import { packRows, shuffled } from './batches.ts';
import { TrainError } from './errors.ts';
import { toExamples, type Example } from './examples.ts';
import { readJsonlRecords, type TrainRecord } from './records.ts';
import type { TrainConfig } from './train-config.ts';

export interface RunData {
  rows: Example[];
  examples: number;
  valRows?: Example[];
  /** EWC's reference rows (its own JSONL, else the training rows). */
  ewcRows?: Example[];
}

const load = (d: string | readonly TrainRecord[]) => (typeof d === 'string' ? readJsonlRecords(d) : d);

/** Holds out round(n * fraction) records (at least one, leaving at least one), chosen by the seed. */
export function splitRecords<T>(records: readonly T[], fraction: number, seed: number): { train: T[]; validation: T[] } {
  if (records.length < 2) throw new TrainError('invalid_config', 'valSplit needs at least 2 records', { field: 'valSplit' });
  const n = Math.min(records.length - 1, Math.max(1, Math.round(records.length * fraction)));
  const order = shuffled(records.map((_, i) => i), mulberry32(hashSeed(seed, 'validation')));
  const held = new Set(order.slice(0, n));
  return { train: records.filter((_, i) => !held.has(i)), validation: records.filter((_, i) => held.has(i)) };
}

export function prepareData(
  src: { data: string | readonly TrainRecord[]; validation?: string | readonly TrainRecord[] },
  cfg: TrainConfig, tok: Tokenizer, eos: number,
): RunData {
  let records = load(src.data);
  let validation = src.validation === undefined ? undefined : load(src.validation);
  if (cfg.valSplit !== undefined) {
    if (validation) throw new TrainError('invalid_config', 'give a validation file or valSplit, not both', { field: 'valSplit' });
    ({ train: records, validation } = splitRecords(records, cfg.valSplit, cfg.seed));
  }
  const examples = (rs: readonly TrainRecord[]) => rs.flatMap((r) => toExamples(r, tok, eos, cfg.seq));
  const train = examples(records);
  if (train.length === 0) throw new TrainError('no_examples', 'no record has a token to learn (empty texts or completions?)');
  // Packing order has its own stream, so changing the method (and its init draws) keeps the batches.
  const rows = packRows(shuffled(train, mulberry32(hashSeed(cfg.seed, 'data'))), cfg.seq, cfg.packing);
  const valRows = validation && packRows(examples(validation), cfg.seq, cfg.packing);
  if (valRows && valRows.length === 0) throw new TrainError('no_examples', 'the validation set has no token to score', { field: 'validation' });
  const ewcRows = cfg.ewc && (cfg.ewc.data ? packRows(examples(load(cfg.ewc.data)), cfg.seq, cfg.packing) : rows);
  if (ewcRows && ewcRows.length === 0) throw new TrainError('no_examples', 'the EWC reference set has no token to score', { field: 'ewc.data' });
  return { rows, examples: train.length, valRows, ewcRows };
}
