// The trainer: JSONL records → packed [batch, seq] micro-batches → compiled optimizer steps → run folder.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { loadBaseModel } from '../engine/base-model.ts';
import { writeAdapterDir } from '../engine/adapter-dir.ts';
import { saveTaskAdapter, type TaskSpec } from '../heads/index.ts';
import { methods, ParameterStore } from '../plugin/index.ts';
import { loadTokenizer } from '../tokenizer/index.ts';
import { hashSeed, mulberry32, writeTextAtomic } from '../weights/index.ts';
import { accumulates, stepsFor } from './accum-schedule.ts';
import { allBatches, BatchStream } from './batches.ts';
import { checkpointName, pruneCheckpoints, writeCheckpoint } from './checkpoint.ts';
import { formatIssues, TrainError } from './errors.ts';
import { Evaluator } from './evaluator.ts';
import { diagonalFisher } from './ewc-fisher.ts';
import { initialScaler } from './loss-scaler.ts';
import { MetricsLog } from './metrics-log.ts';
import { initialRunState, parseMetric } from './monitors.ts';
import { writeLossPlot } from './plot-run.ts';
import { dropLaterCheckpoints, ewcFromTensors, ewcTensors, loadResume, restoreOptimizer, runStateOf } from './resume.ts';
import { prepareData, type RunData } from './run-data.ts';
import { StepRunner } from './step-runner.ts';
import { prepareTaskData, taskBatch, type TaskData, type TaskExample } from './task-data.ts';
import { TaskEvaluator } from './task-evaluator.ts';
import { loadTeacher } from './teacher.ts';
import { TrainConfig } from './train-config.ts';
import { trainLoop } from './train-loop.ts';
import type { TrainRecord } from './records.ts';
import type { TrainOptions, TrainSummary } from './train-types.ts';

export type { TrainEvalEvent, TrainOptions, TrainStart, TrainStepEvent, TrainSummary } from './train-types.ts';

function parseOr<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new TrainError('invalid_config', `invalid ${what}: ${formatIssues(r.error.issues)}`, { field: r.error.issues[0]?.path.map(String).join('.') });
}

/** Features that watch validation metrics need a validation set. */
function requireValidation(cfg: TrainConfig, has: boolean): void {
  const watchesValidation = (w?: { metric: string }) => w !== undefined && parseMetric(w.metric).split === 'validation';
  const needs: [string, boolean][] = [
    ['evalEvery', cfg.evalEvery !== undefined],
    ['earlyStopping.metric', watchesValidation(cfg.earlyStopping)],
    ['plateau.metric', watchesValidation(cfg.plateau)],
  ];
  const bad = needs.find(([, n]) => n && !has);
  if (bad) throw new TrainError('invalid_config', `${bad[0]} needs a validation set (validation file or valSplit)`, { field: bad[0] });
}

/** Label smoothing and distillation work on [B, T, V] LM logits, EWC's Fisher on LM batches: LM runs only. */
function requireLm(cfg: TrainConfig): void {
  const lmOnly: [string, boolean][] = [['labelSmoothing', cfg.labelSmoothing > 0], ['distill', cfg.distill !== undefined], ['ewc', cfg.ewc !== undefined]];
  const bad = lmOnly.find(([, on]) => on);
  if (bad && cfg.task !== 'causal-lm') throw new TrainError('invalid_config', `${bad[0]} needs task causal-lm, not ${cfg.task}`, { field: bad[0] });
}

/**
 * Validates the method and run config, tokenizes and packs the records, runs `steps` (or `epochs` worth of)
 * optimizer steps of one or more micro-batches, and writes the run folder OUT: train_config.json,
 * metrics.jsonl (train and validation lines), checkpoints/, adapter/ (the plugin's `save`) and loss.svg.
 */
export async function train(o: TrainOptions): Promise<TrainSummary> {
  const plugin = typeof o.method === 'string' ? await methods.get(o.method) : o.method;
  const methodConfig = parseOr(plugin.config, o.methodConfig ?? {}, `${plugin.name} config`);
  const cfg = parseOr(TrainConfig, o, 'training config');
  const model = loadBaseModel(o.model);
  if (cfg.seq > model.config.maxPositions) {
    throw new TrainError('invalid_config', `seq ${cfg.seq} exceeds the model's ${model.config.maxPositions} positions`, { field: 'seq' });
  }
  const tok = loadTokenizer(o.model);
  const eos = tok.eosTokenId ?? model.config.eosTokenId;
  if (eos === null) throw new TrainError('invalid_config', `${o.model}: neither the tokenizer nor config.json names an EOS token`, { field: 'model' });
  requireLm(cfg);
  // A task head trains on labelled examples (one per row, masked); the LM packs token rows.
  const heads: TaskData | undefined = cfg.task === 'causal-lm' ? undefined : prepareTaskData(o, cfg.task, cfg, tok);
  const data: RunData | undefined = heads ? undefined : prepareData(o as { data: string | readonly TrainRecord[]; validation?: string | readonly TrainRecord[] }, cfg, tok, eos);
  requireValidation(cfg, Boolean(data?.valRows ?? heads?.validation));
  const task: TaskSpec = heads?.task ?? { type: 'causal-lm' };
  const teacher = cfg.distill && loadTeacher(cfg.distill.teacher, model, cfg.seq);
  const orderSeed = hashSeed(cfg.seed, 'order');
  const stream = heads
    ? new BatchStream<TaskExample>(heads.train, cfg.batch, cfg.seq, eos, orderSeed, (rows, batch, seq, pad) => taskBatch(task, rows, { batch, seq, pad }))
    : new BatchStream(data!.rows, cfg.batch, cfg.seq, eos, orderSeed);
  const examples = heads?.train.length ?? data!.examples;
  const rowCount = heads?.train.length ?? data!.rows.length;
  const totalSteps = cfg.steps ?? stepsFor(Math.ceil((cfg.epochs ?? 1) * stream.batchesPerEpoch), cfg.gradAccum, cfg.gradAccumSchedule);
  const resumed = o.resume === undefined ? undefined : loadResume(o.resume, cfg, plugin.name);

  const out = resolve(o.out);
  const ckRoot = join(out, 'checkpoints');
  mkdirSync(out, { recursive: true });
  const source = (d: unknown) => (typeof d === 'string' ? d : d === undefined ? undefined : '(in memory)');
  writeTextAtomic(join(out, 'train_config.json'), `${JSON.stringify({
    model: o.model, data: source(o.data), validation: source(o.validation), resume: resumed?.dir, method: plugin.name,
    method_config: methodConfig, ...cfg, ...(heads && { task_spec: task, labels: heads.labels }), total_steps: totalSteps,
  }, null, 2)}\n`);

  o.onLog?.(`${examples} examples in ${rowCount} rows of up to ${cfg.seq} tokens, ${totalSteps} steps; compiling the step graph…`);
  const params = new ParameterStore(mulberry32(cfg.seed));
  const compileStart = performance.now();
  const base = { batch: cfg.batch, seq: cfg.seq, method: { plugin, config: methodConfig }, params, task, attentionMask: Boolean(heads) };
  const ewcStream = data?.ewcRows && new BatchStream(data.ewcRows, cfg.batch, cfg.seq, eos, hashSeed(cfg.seed, 'ewc'));
  const ewc = cfg.ewc && (resumed ? ewcFromTensors(resumed.ck.ewc!) : await diagonalFisher(model, base,
    Array.from({ length: Math.min(cfg.ewc.batches, ewcStream!.batchesPerEpoch) }, () => ewcStream!.next().batch), cfg.device));
  const runner = await StepRunner.create(model, {
    ...base, optimizer: cfg.optimizer, schedule: { ...cfg.schedule, totalSteps },
    maxGradNorm: cfg.maxGradNorm, gradientCheckpointing: cfg.gradientCheckpointing, labelSmoothing: cfg.labelSmoothing,
    distill: teacher && { teacher, alpha: cfg.distill!.alpha, temperature: cfg.distill!.temperature },
    ewc: ewc && { lambda: cfg.ewc!.lambda, ...ewc }, layerLrDecay: cfg.layerLrDecay,
    lossScaling: Boolean(cfg.lossScale), accumulate: accumulates(cfg.gradAccum, cfg.gradAccumSchedule),
  }, cfg.device);
  const createEvaluator = () => heads
    ? heads.validation && TaskEvaluator.create(model, base, heads, { batch: Math.min(cfg.batch, heads.validation.length), seq: cfg.seq, pad: eos }, cfg.device)
    : data!.valRows && Evaluator.create(model, base, allBatches(data!.valRows, cfg.batch, cfg.seq, eos), cfg.device);
  const evaluator = await Promise.resolve(createEvaluator()).catch(async (err) => {
    await runner.release();
    throw err;
  });
  const state = resumed ? runStateOf(resumed.ck.meta) : initialRunState(cfg);
  if (cfg.lossScale && !state.scaler) state.scaler = initialScaler(cfg.lossScale);
  if (resumed) {
    restoreOptimizer(runner.state, resumed.ck, params, runner.names.params);
    stream.restore(state.stream);
    dropLaterCheckpoints(ckRoot, state.step);
  }
  o.onStart?.({
    totalSteps, batchesPerEpoch: stream.batchesPerEpoch, examples, rows: rowCount, trainableParams: params.count(),
    device: runner.device, compileSeconds: (performance.now() - compileStart) / 1000, startStep: state.step,
  });

  const metricsPath = join(out, 'metrics.jsonl');
  const metrics = new MetricsLog(metricsPath, resumed && { from: join(resumed.dir, '..', '..', 'metrics.jsonl'), through: state.step });
  // With a head this is PEFT's SEQ_CLS/TOKEN_CLS layout; a causal-LM run gets the plugin's own files.
  const adapterFiles = () => saveTaskAdapter({ plugin, config: methodConfig, tensors: new Map(params.values), task, labels: heads?.labels });
  const checkpoint = cfg.checkpointEvery === undefined ? undefined : () => {
    const meta = { version: 1 as const, method: plugin.name, batch: cfg.batch, seq: cfg.seq, seed: cfg.seed, ...structuredClone(state) };
    writeCheckpoint(ckRoot, { meta, params: new Map(params.values), optimizer: new Map(runner.state), ewc: ewc && ewcTensors(ewc) }, adapterFiles());
    pruneCheckpoints(ckRoot, cfg.keepLast, state.best.step);
  };
  const loop = await trainLoop({ cfg, totalSteps, stream, runner, evaluator, metrics, state, hooks: o, checkpoint }).finally(async () => {
    await runner.release();
    await evaluator?.release();
  });

  const adapterDir = join(out, 'adapter');
  const tensors = new Map(params.values);
  writeAdapterDir(adapterDir, adapterFiles());
  const plotPath = writeLossPlot(join(out, 'loss.svg'), metrics.read());
  const { best } = state;
  return {
    steps: state.step, startStep: resumed?.ck.meta.step ?? 0, trainedTokens: state.tokens, epochs: state.consumed / stream.batchesPerEpoch,
    firstLoss: loop.firstLoss, finalLoss: loop.lastLoss, tokensPerSecond: loop.tokens / loop.stepSeconds,
    seconds: loop.seconds, trainableParams: params.count(), runDir: out, adapterDir, metricsPath, plotPath, tensors,
    validationLoss: loop.validationLoss, validationMetrics: loop.validationMetrics, stoppedEarly: loop.stoppedEarly, checkpointsDir: checkpoint && ckRoot,
    best: best.value === null || best.step === null ? undefined : {
      metric: best.metric, value: best.value, step: best.step, checkpoint: [join(ckRoot, checkpointName(best.step))].find(existsSync),
    },
  };
}
