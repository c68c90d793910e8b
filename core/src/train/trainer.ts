// The trainer: JSONL records → packed [batch, seq] batches → compiled optimizer steps → adapter folder.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { loadBaseModel } from '../engine/base-model.ts';
import { writeAdapterDir } from '../engine/adapter-dir.ts';
import { methods, ParameterStore } from '../plugin/index.ts';
import { loadTokenizer } from '../tokenizer/index.ts';
import { hashSeed, mulberry32, writeTextAtomic } from '../weights/index.ts';
import { BatchStream, packRows, shuffled } from './batches.ts';
import { formatIssues, TrainError } from './errors.ts';
import { toExamples } from './examples.ts';
import { MetricsLog } from './metrics-log.ts';
import { readJsonlRecords } from './records.ts';
import { StepRunner } from './step-runner.ts';
import { TrainConfig } from './train-config.ts';
import type { TrainOptions, TrainStepEvent, TrainSummary } from './train-types.ts';

export type { TrainOptions, TrainStart, TrainStepEvent, TrainSummary } from './train-types.ts';

function parseOr<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new TrainError('invalid_config', `invalid ${what}: ${formatIssues(r.error.issues)}`, { field: r.error.issues[0]?.path.map(String).join('.') });
}

/**
 * Validates the method and run config, reads and tokenizes the records, packs them into fixed
 * [batch, seq] batches, runs `steps` (or `epochs` worth of) compiled optimizer steps, logs each to
 * OUT/metrics.jsonl, and saves the adapter with the plugin's `save` into OUT/adapter.
 */
export async function train(o: TrainOptions): Promise<TrainSummary> {
  const plugin = typeof o.method === 'string' ? await methods.get(o.method) : o.method;
  const methodConfig = parseOr(plugin.config, o.methodConfig ?? {}, `${plugin.name} config`);
  const cfg = parseOr(TrainConfig, o, 'training config');
  const records = typeof o.data === 'string' ? readJsonlRecords(o.data) : o.data;

  const model = loadBaseModel(o.model);
  if (cfg.seq > model.config.maxPositions) {
    throw new TrainError('invalid_config', `seq ${cfg.seq} exceeds the model's ${model.config.maxPositions} positions`, { field: 'seq' });
  }
  const tok = loadTokenizer(o.model);
  const eos = tok.eosTokenId ?? model.config.eosTokenId;
  if (eos === null) throw new TrainError('invalid_config', `${o.model}: neither the tokenizer nor config.json names an EOS token`, { field: 'model' });

  const examples = records.flatMap((r) => toExamples(r, tok, eos, cfg.seq));
  if (examples.length === 0) throw new TrainError('no_examples', 'no record has a token to learn (empty texts or completions?)');
  // Data order has its own stream, so changing the method (and its init draws) keeps the batches.
  const dataRand = mulberry32(hashSeed(cfg.seed, 'data'));
  const rows = packRows(shuffled(examples, dataRand), cfg.seq, cfg.packing);
  const stream = new BatchStream(rows, cfg.batch, cfg.seq, eos, dataRand);
  const totalSteps = cfg.steps ?? Math.max(1, Math.ceil((cfg.epochs ?? 1) * stream.batchesPerEpoch));

  const out = resolve(o.out);
  mkdirSync(out, { recursive: true });
  writeTextAtomic(join(out, 'train_config.json'), `${JSON.stringify({
    model: o.model, data: typeof o.data === 'string' ? o.data : '(in memory)', method: plugin.name,
    method_config: methodConfig, ...cfg, total_steps: totalSteps,
  }, null, 2)}\n`);

  o.onLog?.(`${examples.length} examples in ${rows.length} rows of up to ${cfg.seq} tokens, ${totalSteps} steps; compiling the step graph…`);
  const params = new ParameterStore(mulberry32(cfg.seed));
  const compileStart = performance.now();
  const runner = await StepRunner.create(model, {
    batch: cfg.batch, seq: cfg.seq, method: { plugin, config: methodConfig }, params,
    optimizer: cfg.optimizer, schedule: { ...cfg.schedule, totalSteps },
    maxGradNorm: cfg.maxGradNorm, gradientCheckpointing: cfg.gradientCheckpointing,
  }, cfg.device);
  const trainableParams = params.count();
  o.onStart?.({
    totalSteps, batchesPerEpoch: stream.batchesPerEpoch, examples: examples.length, rows: rows.length,
    trainableParams, device: runner.device, compileSeconds: (performance.now() - compileStart) / 1000,
  });

  const metrics = new MetricsLog(join(out, 'metrics.jsonl'));
  let firstLoss = NaN;
  let lastLoss = NaN;
  let totalTokens = 0;
  let stepSeconds = 0;
  const start = performance.now();
  try {
    for (let i = 0; i < totalSteps; i++) {
      const { batch, tokens } = stream.next();
      const t0 = performance.now();
      const r = await runner.step(batch, i);
      const dt = (performance.now() - t0) / 1000;
      stepSeconds += dt;
      totalTokens += tokens;
      if (i === 0) firstLoss = r.loss;
      lastLoss = r.loss;
      const event: TrainStepEvent = {
        step: i + 1, totalSteps, epoch: (i + 1) / stream.batchesPerEpoch, loss: r.loss, lr: r.lr, gradNorm: r.gradNorm,
        tokens, tokensPerSecond: tokens / dt, elapsedSeconds: (performance.now() - start) / 1000,
      };
      metrics.append({
        step: event.step, epoch: round(event.epoch, 4), loss: r.loss, lr: r.lr, grad_norm: r.gradNorm, tokens,
        tokens_per_s: round(event.tokensPerSecond, 1), elapsed_s: round(event.elapsedSeconds, 3),
      });
      if (!Number.isFinite(r.loss)) {
        throw new TrainError('diverged', `loss is ${r.loss} at step ${i + 1}; try a lower learning rate or --max-grad-norm`);
      }
      o.onStep?.(event);
    }
  } finally {
    await runner.release();
  }

  const adapterDir = join(out, 'adapter');
  const tensors = new Map(params.values);
  writeAdapterDir(adapterDir, plugin.save({ method: plugin.name, config: methodConfig, tensors }));
  return {
    steps: totalSteps, epochs: totalSteps / stream.batchesPerEpoch, firstLoss, finalLoss: lastLoss,
    tokensPerSecond: totalTokens / stepSeconds, seconds: (performance.now() - start) / 1000,
    trainableParams, adapterDir, metricsPath: metrics.path, tensors,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
