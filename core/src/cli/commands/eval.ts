import { resolve } from 'node:path';
import type { Device } from '../../graph/index.ts';
import { loadBaseModel } from '../../engine/base-model.ts';
import { readAdapterDir } from '../../engine/adapter-dir.ts';
import { evaluate, formatMetricsTable, readJsonl } from '../../eval/index.ts';
import { loadTaskAdapter, TaskSpec } from '../../heads/index.ts';
import { methods } from '../../plugin/index.ts';
import { writeTextAtomic } from '../../weights/index.ts';
import { intOption, parse, UsageError } from '../args.ts';

export const summary = 'score a model + adapter on labelled JSONL: accuracy/F1/AUC, MAE/R², entity F1 or perplexity';
export const usage = `edgetune eval --model DIR [--adapter DIR] --data FILE.jsonl [--task TYPE] [--num-labels N] [--labels a,b,...]
       [--batch 16] [--seq N] [--out metrics.json] [--device cpu|webgpu|cuda] [--plugins ./path,pkg]

TYPE is causal-lm, sequence-classification, regression or token-classification; by default the adapter's
(PEFT task_type and head shape), else causal-lm. Records per task:
  sequence-classification  {"text": ..., "label": 0 | "name"}   accuracy, P/R/F1 (macro, micro, weighted), ROC AUC
  regression               {"text": ..., "value": 1.5}          MAE, MSE, RMSE, R²
  token-classification     {"tokens": [...], "tags": [...]}     token accuracy, entity P/R/F1 (seqeval)
  causal-lm                {"text"} or {"prompt", "completion"} loss, perplexity, next-token accuracy,
                                                                 teacher-forced exact match of completions
Label names come from --labels or the adapter (edgetune_labels). Prints a table; --out writes the metrics as JSON.`;

const TYPES = ['causal-lm', 'sequence-classification', 'regression', 'token-classification'];

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    model: { type: 'string' }, adapter: { type: 'string' }, data: { type: 'string' }, task: { type: 'string' },
    'num-labels': { type: 'string' }, labels: { type: 'string' }, batch: { type: 'string' }, seq: { type: 'string' },
    out: { type: 'string' }, device: { type: 'string' }, plugins: { type: 'string' },
  }, ['model', 'data']);
  for (const spec of values.plugins?.split(',').filter(Boolean) ?? []) await methods.load(spec);
  if (values.task !== undefined && !TYPES.includes(values.task)) throw new UsageError(`--task must be one of ${TYPES.join(', ')}, got '${values.task}'`);
  const labels = values.labels?.split(',').map((s) => s.trim()).filter(Boolean);
  const model = loadBaseModel(values.model!);
  const adapter = values.adapter ? await loadTaskAdapter(readAdapterDir(values.adapter)) : undefined;
  let task: TaskSpec | undefined;
  if (values.task) {
    const numLabels = intOption(values['num-labels'], 'num-labels', NaN);
    const fromAdapter = adapter?.task.type === values.task && 'numLabels' in adapter.task ? adapter.task.numLabels : undefined;
    const parsed = TaskSpec.safeParse({ type: values.task, numLabels: Number.isNaN(numLabels) ? (fromAdapter ?? labels?.length) : numLabels });
    if (!parsed.success) throw new UsageError(`--task ${values.task} needs --num-labels N (or --labels) of at least 2`);
    task = parsed.data;
  }
  const result = await evaluate({
    model, adapter, task, labels, records: readJsonl(values.data!),
    batch: values.batch === undefined ? undefined : intOption(values.batch, 'batch', 16),
    seq: values.seq === undefined ? undefined : intOption(values.seq, 'seq', 0),
    device: values.device as Device | undefined,
  });
  console.log(formatMetricsTable(result));
  if (values.out) {
    const json = { model: values.model, adapter: values.adapter ?? null, data: values.data, ...result };
    writeTextAtomic(resolve(values.out), `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nwrote ${values.out}`);
  }
  return 0;
}
