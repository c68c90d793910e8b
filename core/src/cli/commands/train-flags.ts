// `edgetune train` flags → TrainConfig input, validated by the same zod schema job payloads use.
import { TrainConfig, type TrainConfigInput } from '../../train/train-config.ts';
import { UsageError } from '../args.ts';

type Values = Record<string, string | boolean | undefined>;

const s = { type: 'string' } as const;
const b = { type: 'boolean' } as const;
/** node:util parseArgs options of the run-config flags (the method flags live in train.ts). */
export const CONFIG_FLAGS = {
  steps: s, epochs: s, batch: s, seq: s, lr: s, optimizer: { type: 'string', default: 'adamw' }, schedule: s, warmup: s,
  'max-grad-norm': s, 'gradient-checkpointing': b, 'no-packing': b, seed: s, device: s,
  'grad-accum': s, 'grad-accum-schedule': s, 'eval-every': s, 'val-split': s,
  'early-stopping-patience': s, 'early-stopping-min-delta': s, 'early-stopping-metric': s,
  'plateau-factor': s, 'plateau-patience': s, 'plateau-cooldown': s, 'plateau-min-lr': s, 'plateau-threshold': s,
  'checkpoint-every': s, 'keep-last': s, 'label-smoothing': s,
  teacher: s, 'distill-alpha': s, 'distill-temperature': s, 'ewc-lambda': s, 'ewc-data': s, 'ewc-batches': s,
  'layer-lr-decay': s, 'loss-scale': s, 'loss-scale-window': s, task: s, labels: s, 'eval-on-start': b,
} as const;

/** Where each TrainConfig field comes from on the command line, to name the flag in errors. */
export const FLAG_OF: Record<string, string> = {
  steps: '--steps', epochs: '--epochs', batch: '--batch', seq: '--seq', 'optimizer.lr': '--lr', optimizer: '--optimizer',
  'optimizer.type': '--optimizer', 'schedule.type': '--schedule', 'schedule.warmupSteps': '--warmup',
  maxGradNorm: '--max-grad-norm', seed: '--seed', device: '--device', gradAccum: '--grad-accum', gradAccumSchedule: '--grad-accum-schedule',
  evalEvery: '--eval-every', valSplit: '--val-split', 'earlyStopping.patience': '--early-stopping-patience',
  'earlyStopping.minDelta': '--early-stopping-min-delta', 'earlyStopping.metric': '--early-stopping-metric',
  'plateau.factor': '--plateau-factor', 'plateau.patience': '--plateau-patience', 'plateau.cooldown': '--plateau-cooldown',
  'plateau.minLr': '--plateau-min-lr', 'plateau.threshold': '--plateau-threshold', checkpointEvery: '--checkpoint-every',
  keepLast: '--keep-last', labelSmoothing: '--label-smoothing', 'distill.teacher': '--teacher', 'distill.alpha': '--distill-alpha',
  'distill.temperature': '--distill-temperature', 'ewc.lambda': '--ewc-lambda', 'ewc.data': '--ewc-data', 'ewc.batches': '--ewc-batches',
  layerLrDecay: '--layer-lr-decay', 'lossScale.init': '--loss-scale', 'lossScale.growthInterval': '--loss-scale-window',
  task: '--task', labels: '--labels', evalOnStart: '--eval-on-start',
};

export function num(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got '${value}'`);
  return n;
}

/** A feature's object when its main flag is given; its other flags alone are a usage error. */
function group<T extends object>(v: Values, main: string, rest: string[], make: () => T): T | undefined {
  if (v[main] !== undefined) return make();
  const stray = rest.find((f) => v[f] !== undefined);
  if (stray) throw new UsageError(`--${stray} needs --${main}`);
  return undefined;
}

/** '100:2,200:4' → from optimizer step 100 on, 2 micro-batches a step; from 200, 4. */
function accumStages(spec: string | boolean | undefined) {
  if (typeof spec !== 'string') return undefined;
  return spec.split(',').filter(Boolean).map((part) => {
    const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(part);
    if (!m) throw new UsageError(`--grad-accum-schedule: expected STEP:ACCUM[,STEP:ACCUM…], got '${part}'`);
    return { step: Number(m[1]), accum: Number(m[2]) };
  });
}

export function configFromFlags(v: Values): TrainConfigInput {
  const n = (flag: string) => num(v[flag], flag);
  const str = (flag: string) => (typeof v[flag] === 'string' ? (v[flag] as string) : undefined);
  const plateauFlags = ['plateau-factor', 'plateau-patience', 'plateau-cooldown', 'plateau-min-lr', 'plateau-threshold'];
  return {
    steps: n('steps'), epochs: n('epochs'), batch: n('batch'), seq: n('seq'),
    optimizer: { type: v.optimizer as 'adamw', lr: n('lr') },
    schedule: { type: str('schedule') as 'linear' | undefined, warmupSteps: n('warmup') },
    maxGradNorm: n('max-grad-norm'), gradientCheckpointing: v['gradient-checkpointing'] as boolean | undefined,
    packing: !v['no-packing'], seed: n('seed'), device: str('device') as 'cpu' | undefined,
    gradAccum: n('grad-accum'), gradAccumSchedule: accumStages(v['grad-accum-schedule']),
    evalEvery: n('eval-every'), valSplit: n('val-split'),
    earlyStopping: group(v, 'early-stopping-patience', ['early-stopping-min-delta', 'early-stopping-metric'], () => ({
      patience: n('early-stopping-patience')!, minDelta: n('early-stopping-min-delta'), metric: str('early-stopping-metric'),
    })),
    // Any --plateau-* flag turns ReduceLROnPlateau on; the rest keep torch's defaults.
    plateau: plateauFlags.some((f) => v[f] !== undefined) ? {
      factor: n('plateau-factor'), patience: n('plateau-patience'), cooldown: n('plateau-cooldown'), minLr: n('plateau-min-lr'), threshold: n('plateau-threshold'),
    } : undefined,
    checkpointEvery: n('checkpoint-every'), keepLast: n('keep-last'), labelSmoothing: n('label-smoothing'),
    distill: group(v, 'teacher', ['distill-alpha', 'distill-temperature'], () => ({
      teacher: str('teacher')!, alpha: n('distill-alpha'), temperature: n('distill-temperature'),
    })),
    ewc: group(v, 'ewc-lambda', ['ewc-data', 'ewc-batches'], () => ({ lambda: n('ewc-lambda')!, data: str('ewc-data'), batches: n('ewc-batches') })),
    layerLrDecay: n('layer-lr-decay'),
    lossScale: group(v, 'loss-scale', ['loss-scale-window'], () => ({ init: n('loss-scale')!, growthInterval: n('loss-scale-window') })),
    task: str('task') as 'causal-lm' | undefined, labels: str('labels')?.split(',').map((l) => l.trim()).filter(Boolean),
    evalOnStart: v['eval-on-start'] as boolean | undefined,
  };
}

/** zod's verdict on the flags, with each issue under the flag it came from. */
export function checkConfig(config: TrainConfigInput): void {
  const checked = TrainConfig.safeParse(config);
  if (checked.success) return;
  throw new UsageError(checked.error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    return `${FLAG_OF[path] ?? FLAG_OF[path.replace(/\.\d+(\..*)?$/, '')] ?? path}: ${i.message}`;
  }).join('; '));
}
