import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { methods } from '../../plugin/index.ts';
import { formatIssues, TrainError } from '../../train/errors.ts';
import { train, type TrainOptions, type TrainSummary } from '../../train/trainer.ts';
import { parse, UsageError } from '../args.ts';
import { formatRate, Progress } from '../progress.ts';
import { checkConfig, CONFIG_FLAGS, configFromFlags, num } from './train-flags.ts';

export const summary = 'fine-tune a model on a JSONL file and write the adapter and metrics.jsonl';
export const usage = `edgetune train --model DIR --data FILE.jsonl [--method lora] [--config JSON | --r 8 --alpha 16 --target c_attn,c_proj --dropout 0]
       [--steps N | --epochs N] [--batch 8] [--seq 128] [--lr 2e-4] [--optimizer adamw|sgd]
       [--schedule linear|cosine|constant] [--warmup 0] [--max-grad-norm 1.0] [--gradient-checkpointing]
       [--no-packing] [--seed 0] [--device cpu|webgpu|cuda] [--out runs/NAME] [--plugins ./path,pkg]
       [--grad-accum 1] [--grad-accum-schedule STEP:ACCUM,…]
       [--validation FILE.jsonl | --val-split 0.1] [--eval-every N]
       [--early-stopping-patience N [--early-stopping-min-delta 0] [--early-stopping-metric validation.loss]]
       [--plateau-factor 0.1] [--plateau-patience 10] [--plateau-cooldown 0] [--plateau-min-lr 0] [--plateau-threshold 1e-4]
       [--checkpoint-every N] [--keep-last 2] [--resume RUN_OR_CHECKPOINT_DIR]
       [--label-smoothing 0] [--teacher DIR [--distill-alpha 0.5] [--distill-temperature 2]]
       [--ewc-lambda L [--ewc-data FILE.jsonl] [--ewc-batches 8]] [--layer-lr-decay D] [--loss-scale 65536 [--loss-scale-window 2000]]
       [--task causal-lm|sequence-classification|regression|token-classification [--labels NAME,…]] [--eval-on-start]

Each JSONL line is {"text": ...} (loss on every token) or {"prompt": ..., "completion": ...} (loss on the
completion only). Examples end with EOS, are packed into rows of --seq tokens and padded on the right.
Without --steps or --epochs, trains one epoch. --grad-accum sums N micro-batches of --batch rows into one
optimizer step; --grad-accum-schedule raises N at given steps (a growing batch). With a validation set the
validation loss is logged every --eval-every steps and at the end; early stopping and --plateau-* (torch's
ReduceLROnPlateau) watch it. --loss-scale runs dynamic loss scaling (skip the step and halve on inf/NaN);
in float32 on the CPU it only exercises the mechanics, fp16 compute is for webgpu/cuda.
Writes the run folder OUT: train_config.json, metrics.jsonl (split train/validation), checkpoints/ (every
--checkpoint-every steps, the best and the last --keep-last), adapter/ (PEFT format) and loss.svg.
--resume RUN_DIR continues that run in place (unless --out says otherwise).
--task trains a head on the last token's (or every token's) hidden state instead of the LM: records are
{"text", "label"} (sequence-classification; integer or named labels, --labels fixes the names' order),
{"text", "value"} (regression) or {"tokens", "tags"} (token-classification); one example per row, masked.
Validation then logs the task's metrics too (accuracy, f1_macro, mae, entity_f1, …), so e.g.
--early-stopping-metric validation.accuracy works (scores are maximized, losses minimized); --eval-on-start logs them before the first step.
The adapter is saved as PEFT's SEQ_CLS/TOKEN_CLS (head in modules_to_save), ready for \`edgetune eval\`.
--label-smoothing, --teacher and --ewc-lambda are causal-lm only.`;

/** --config JSON with the shorthand flags layered on top (PEFT field names). */
function methodConfigFrom(v: Record<string, string | boolean | undefined>): Record<string, unknown> {
  let cfg: Record<string, unknown> = {};
  if (typeof v.config === 'string') {
    try {
      cfg = JSON.parse(v.config);
    } catch (err) {
      throw new UsageError(`--config is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) throw new UsageError('--config must be a JSON object');
  }
  const r = num(v.r as string | undefined, 'r');
  const alpha = num(v.alpha as string | undefined, 'alpha');
  const dropout = num(v.dropout as string | undefined, 'dropout');
  if (r !== undefined) cfg.r = r;
  if (alpha !== undefined) cfg.lora_alpha = alpha;
  if (dropout !== undefined) cfg.lora_dropout = dropout;
  if (typeof v.target === 'string') cfg.target_modules = v.target.split(',').map((s) => s.trim()).filter(Boolean);
  return cfg;
}

function isCheckpointDir(path: string): boolean {
  return existsSync(join(path, 'trainer_state.json'));
}

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** A path relative to the working directory when it is inside it: shorter to read. */
export function shortPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

/** The headline metric of each task, when present. */
function taskMetricsText(m: Record<string, number>): string {
  return ['accuracy', 'f1_macro', 'mae', 'r2', 'token_accuracy', 'entity_f1'].filter((k) => k in m).map((k) => `${k} ${m[k]!.toFixed(4)}`).join(', ');
}

/** Runs `train` with the progress bar and a one-line summary of how it went; shared with `demo`. */
export async function trainWithProgress(options: TrainOptions): Promise<TrainSummary> {
  const progress = new Progress();
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const result = await train({
    ...options,
    onLog: (m) => {
      log(m);
      options.onLog?.(m);
    },
    onStart: (i) => {
      log(`training ${i.trainableParams.toLocaleString('en-US')} parameters on ${i.device} (graph compiled in ${i.compileSeconds.toFixed(1)} s)`);
      options.onStart?.(i);
    },
    onEval: (e) => {
      const shown = e.metrics ? taskMetricsText(e.metrics) : `perplexity ${e.perplexity.toFixed(2)}, ${e.tokens} tokens`;
      log(`${process.stderr.isTTY ? '\n' : ''}step ${e.step}: validation loss ${e.loss.toFixed(4)} (${shown})`);
      options.onEval?.(e);
    },
    onStep: (e) => {
      progress.update({ step: e.step, total: e.totalSteps, loss: e.loss, lr: e.lr, tokensPerSecond: e.tokensPerSecond, elapsedSeconds: e.elapsedSeconds });
      options.onStep?.(e);
    },
  }).finally(() => progress.done());
  console.log(`loss ${result.firstLoss.toFixed(3)} → ${result.finalLoss.toFixed(3)} over ${result.steps} steps ` +
    `(${formatRate(result.tokensPerSecond)} tokens/s, ${result.seconds.toFixed(1)} s)`);
  if (result.startStep) console.log(`resumed at step ${result.startStep}`);
  if (result.stoppedEarly) console.log(`stopped early after step ${result.steps}`);
  if (result.validationLoss !== undefined) {
    console.log(`validation loss ${result.validationLoss.toFixed(4)}${result.validationMetrics ? `, ${taskMetricsText(result.validationMetrics)}` : ''}`);
  }
  if (result.best) console.log(`best ${result.best.metric} ${result.best.value.toFixed(4)} at step ${result.best.step}${result.best.checkpoint ? ` (${shortPath(result.best.checkpoint)})` : ''}`);
  console.log(`adapter: ${shortPath(result.adapterDir)}`);
  console.log(`metrics: ${shortPath(result.metricsPath)}`);
  console.log(`plot:    ${shortPath(result.plotPath)}`);
  return result;
}

/** `edgetune train` arguments → train() options (plugins loaded, flags validated); shared with `demo`. */
export async function trainOptionsFromArgv(argv: string[]): Promise<TrainOptions> {
  const { values: v } = parse(
    argv,
    {
      model: { type: 'string' }, data: { type: 'string' }, method: { type: 'string', default: 'lora' }, config: { type: 'string' },
      r: { type: 'string' }, alpha: { type: 'string' }, target: { type: 'string' }, dropout: { type: 'string' },
      out: { type: 'string' }, plugins: { type: 'string' }, validation: { type: 'string' }, resume: { type: 'string' },
      ...CONFIG_FLAGS,
    },
    ['model', 'data'],
  );
  for (const spec of v.plugins?.split(',').filter(Boolean) ?? []) await methods.load(spec);
  const plugin = await methods.get(v.method!);
  const methodConfig = plugin.config.safeParse(methodConfigFrom(v));
  if (!methodConfig.success) throw new UsageError(`invalid ${plugin.name} config: ${formatIssues(methodConfig.error.issues)}`);

  const config = configFromFlags(v);
  checkConfig(config);
  return {
    ...config, model: v.model!, data: v.data!, validation: v.validation, method: plugin, methodConfig: methodConfig.data,
    // Resuming a run folder continues it in place; a checkpoint folder alone needs --out or gets a new run.
    resume: v.resume, out: v.out ?? (v.resume && !isCheckpointDir(v.resume) ? v.resume : `runs/${plugin.name}-${timestamp()}`),
  };
}

export async function run(argv: string[]): Promise<number> {
  const options = await trainOptionsFromArgv(argv);
  try {
    await trainWithProgress(options);
  } catch (err) {
    // A bad flag value found late (e.g. --seq past the model's positions): show it with the usage, exit 2.
    if (err instanceof TrainError && err.code === 'invalid_config') throw new UsageError(err.message);
    throw err;
  }
  return 0;
}
