import { relative } from 'node:path';
import { methods } from '../../plugin/index.ts';
import { formatIssues, TrainError } from '../../train/errors.ts';
import { TrainConfig, type TrainConfigInput } from '../../train/train-config.ts';
import { train, type TrainOptions, type TrainSummary } from '../../train/trainer.ts';
import { parse, UsageError } from '../args.ts';
import { formatRate, Progress } from '../progress.ts';

export const summary = 'fine-tune a model on a JSONL file and write the adapter and metrics.jsonl';
export const usage = `edgetune train --model DIR --data FILE.jsonl [--method lora] [--config JSON | --r 8 --alpha 16 --target c_attn,c_proj --dropout 0]
       [--steps N | --epochs N] [--batch 8] [--seq 128] [--lr 2e-4] [--optimizer adamw|sgd]
       [--schedule linear|cosine|constant] [--warmup 0] [--max-grad-norm 1.0] [--gradient-checkpointing]
       [--no-packing] [--seed 0] [--device cpu|webgpu|cuda] [--out runs/NAME] [--plugins ./path,pkg]

Each JSONL line is {"text": ...} (loss on every token) or {"prompt": ..., "completion": ...} (loss on the
completion only). Examples end with EOS, are packed into rows of --seq tokens and padded on the right.
Without --steps or --epochs, trains one epoch. Writes OUT/metrics.jsonl (one line per step),
OUT/train_config.json and OUT/adapter/ (PEFT format).`;

/** Where each TrainConfig field comes from on the command line, to name the flag in errors. */
const FLAG_OF: Record<string, string> = {
  steps: '--steps', epochs: '--epochs', batch: '--batch', seq: '--seq', 'optimizer.lr': '--lr', optimizer: '--optimizer',
  'optimizer.type': '--optimizer', 'schedule.type': '--schedule', 'schedule.warmupSteps': '--warmup',
  maxGradNorm: '--max-grad-norm', seed: '--seed', device: '--device',
};

function num(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got '${value}'`);
  return n;
}

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

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** A path relative to the working directory when it is inside it: shorter to read. */
export function shortPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
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
    onStep: (e) => {
      progress.update({ step: e.step, total: e.totalSteps, loss: e.loss, lr: e.lr, tokensPerSecond: e.tokensPerSecond, elapsedSeconds: e.elapsedSeconds });
      options.onStep?.(e);
    },
  }).finally(() => progress.done());
  console.log(`loss ${result.firstLoss.toFixed(3)} → ${result.finalLoss.toFixed(3)} over ${result.steps} steps ` +
    `(${formatRate(result.tokensPerSecond)} tokens/s, ${result.seconds.toFixed(1)} s)`);
  console.log(`adapter: ${shortPath(result.adapterDir)}`);
  console.log(`metrics: ${shortPath(result.metricsPath)}`);
  return result;
}

export async function run(argv: string[]): Promise<number> {
  const { values: v } = parse(
    argv,
    {
      model: { type: 'string' }, data: { type: 'string' }, method: { type: 'string', default: 'lora' }, config: { type: 'string' },
      r: { type: 'string' }, alpha: { type: 'string' }, target: { type: 'string' }, dropout: { type: 'string' },
      steps: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' }, seq: { type: 'string' },
      lr: { type: 'string' }, optimizer: { type: 'string', default: 'adamw' }, schedule: { type: 'string' }, warmup: { type: 'string' },
      'max-grad-norm': { type: 'string' }, 'gradient-checkpointing': { type: 'boolean' }, 'no-packing': { type: 'boolean' },
      seed: { type: 'string' }, device: { type: 'string' }, out: { type: 'string' }, plugins: { type: 'string' },
    },
    ['model', 'data'],
  );
  for (const spec of v.plugins?.split(',').filter(Boolean) ?? []) await methods.load(spec);
  const plugin = await methods.get(v.method!);
  const methodConfig = plugin.config.safeParse(methodConfigFrom(v));
  if (!methodConfig.success) throw new UsageError(`invalid ${plugin.name} config: ${formatIssues(methodConfig.error.issues)}`);

  const config: TrainConfigInput = {
    steps: num(v.steps, 'steps'), epochs: num(v.epochs, 'epochs'), batch: num(v.batch, 'batch'), seq: num(v.seq, 'seq'),
    optimizer: { type: v.optimizer as 'adamw', lr: num(v.lr, 'lr') },
    schedule: { type: v.schedule as 'linear' | undefined, warmupSteps: num(v.warmup, 'warmup') },
    maxGradNorm: num(v['max-grad-norm'], 'max-grad-norm'), gradientCheckpointing: v['gradient-checkpointing'],
    packing: !v['no-packing'], seed: num(v.seed, 'seed'), device: v.device as 'cpu' | undefined,
  };
  const checked = TrainConfig.safeParse(config);
  if (!checked.success) {
    throw new UsageError(checked.error.issues.map((i) => {
      const path = i.path.map(String).join('.');
      return `${FLAG_OF[path] ?? path}: ${i.message}`;
    }).join('; '));
  }
  try {
    await trainWithProgress({
      ...config, model: v.model!, data: v.data!, method: plugin, methodConfig: methodConfig.data,
      out: v.out ?? `runs/${plugin.name}-${timestamp()}`,
    });
  } catch (err) {
    // A bad flag value found late (e.g. --seq past the model's positions): show it with the usage, exit 2.
    if (err instanceof TrainError && err.code === 'invalid_config') throw new UsageError(err.message);
    throw err;
  }
  return 0;
}
