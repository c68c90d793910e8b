// evaluate(): a base model (+ adapter, + task head) on labelled records → the task's metrics.
import { loadBaseModel, type BaseModel } from '../engine/base-model.ts';
import { readAdapterDir } from '../engine/adapter-dir.ts';
import type { Device } from '../graph/index.ts';
import { CAUSAL_LM, describeTask, loadTaskAdapter, type TaskAdapter, type TaskSpec } from '../heads/index.ts';
import { ParameterStore } from '../plugin/index.ts';
import { loadTokenizer, type Tokenizer } from '../tokenizer/index.ts';
import { classIndex, encodeLm, encodeSequence, encodeTagging, IGNORE, type LmExample, type SequenceExample, type TokenExample } from './encode.ts';
import { TaskForward } from './forward.ts';
import { lmScores, sequenceLogits, tokenPredictions, type BatchShape } from './predict.ts';
import { parseRecords } from './records.ts';
import { classificationMetrics, lmMetrics, regressionMetrics, taggingMetrics, type Metrics } from './task-metrics.ts';

export interface EvaluateOptions {
  /** A loaded base model or its Hugging Face folder. */
  model: BaseModel | string;
  /** A loaded adapter or its folder (PEFT format; a task head is read from modules_to_save). */
  adapter?: TaskAdapter | string;
  /** Parsed JSON records (records.ts lists the shape per task). */
  records: readonly unknown[];
  /** Default: the adapter's task, else causal LM. */
  task?: TaskSpec;
  /** Class or tag names by index; default: those saved with the adapter. Integer labels need none. */
  labels?: readonly string[];
  /** Rows per forward pass (default 16). */
  batch?: number;
  /** Longest row in tokens (default: the model's context); longer examples are truncated. */
  seq?: number;
  device?: Device;
}

export interface EvalResult {
  task: TaskSpec;
  /** Rows scored (causal LM texts may span several). */
  examples: number;
  seq: number;
  metrics: Metrics;
}

const sameTask = (a: TaskSpec, b: TaskSpec) => JSON.stringify(a) === JSON.stringify(b);

/** Sequence length for a set of rows: the longest, rounded up to 8 (fewer distinct graphs), within the limit. */
const bucket = (rows: readonly { ids: number[] }[], limit: number) => Math.min(limit, Math.ceil(rows.reduce((m, r) => Math.max(m, r.ids.length), 2) / 8) * 8);

export async function evaluate(o: EvaluateOptions): Promise<EvalResult> {
  const model = typeof o.model === 'string' ? loadBaseModel(o.model) : o.model;
  const adapter = typeof o.adapter === 'string' ? await loadTaskAdapter(readAdapterDir(o.adapter)) : o.adapter;
  const task = o.task ?? adapter?.task ?? CAUSAL_LM;
  if (task.type !== 'causal-lm') {
    if (!adapter || adapter.task.type === 'causal-lm') throw new Error(`evaluating ${describeTask(task)} needs an adapter trained with that head`);
    if (!sameTask(adapter.task, task)) throw new Error(`the adapter was trained for ${describeTask(adapter.task)}, not ${describeTask(task)}`);
  }
  const tok = loadTokenizer(model.dir);
  const limit = Math.min(o.seq ?? model.config.maxPositions, model.config.maxPositions);
  const labels = o.labels ?? adapter?.labels;
  const params = new ParameterStore();
  for (const [k, v] of adapter?.tensors ?? []) params.values.set(k, v);
  const method = adapter && { plugin: adapter.plugin, config: adapter.config };

  const run = async <E extends { ids: number[] }>(examples: E[], score: (fwd: TaskForward, s: BatchShape) => Promise<Metrics>): Promise<EvalResult> => {
    if (examples.length === 0) throw new Error('no record has anything to score');
    const shape: BatchShape = { batch: Math.min(o.batch ?? 16, examples.length), seq: bucket(examples, limit), pad: padId(tok, model) };
    const fwd = await TaskForward.create(model, { task, batch: shape.batch, seq: shape.seq, method, params, requireValues: true, device: o.device });
    try {
      return { task, examples: examples.length, seq: shape.seq, metrics: await score(fwd, shape) };
    } finally {
      await fwd.release();
    }
  };

  switch (task.type) {
    case 'sequence-classification': {
      const records = parseRecords(task.type, o.records);
      const examples: SequenceExample[] = records.map((r) => encodeSequence(r, tok, limit, classIndex(r.label, labels, task.numLabels)));
      return run(examples, async (fwd, s) => classificationMetrics(examples.map((e) => e.target), await sequenceLogits(fwd, task, examples, s)));
    }
    case 'regression': {
      const examples = parseRecords(task.type, o.records).map((r) => encodeSequence(r, tok, limit, r.value));
      return run(examples, async (fwd, s) => regressionMetrics(examples.map((e) => e.target), (await sequenceLogits(fwd, task, examples, s)).map((l) => l[0]!)));
    }
    case 'token-classification': {
      if (!labels) throw new Error('token classification needs the tag names (give --labels, or save them with the adapter)');
      const tagIndex = (tag: string) => classIndex(tag, labels, task.numLabels);
      const examples: TokenExample[] = parseRecords(task.type, o.records).map((r) => encodeTagging(r, tok, limit, tagIndex));
      return run(examples, async (fwd, s) => {
        const out = await tokenPredictions(fwd, task, examples, s);
        // Words cut off by truncation have no prediction and are left out of both sides.
        const gold = examples.map((e) => e.labels.filter((l) => l !== IGNORE).map((l) => labels[l]!));
        const pred = out.map((p) => p.pred.map((l) => labels[l]!));
        return taggingMetrics(gold, pred, out.flatMap((p) => p.logProb));
      });
    }
    case 'causal-lm': {
      const eos = tok.eosTokenId ?? model.config.eosTokenId;
      if (eos === null) throw new Error(`${model.dir}: neither the tokenizer nor config.json names an EOS token`);
      const examples: LmExample[] = parseRecords(task.type, o.records).flatMap((r) => encodeLm(r, tok, eos, limit));
      return run(examples, async (fwd, s) => {
        const scores = await lmScores(fwd, examples, s);
        return lmMetrics(scores.map((sc, i) => ({ ...sc, completion: examples[i]!.completion })));
      });
    }
  }
}

/** Padding never reaches a score (masked and unlabelled), so any id works; prefer the model's own. */
function padId(tok: Tokenizer, model: BaseModel): number {
  return tok.padTokenId ?? model.config.padTokenId ?? tok.eosTokenId ?? 0;
}
