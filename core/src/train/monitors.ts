// Watches logged metrics: early stopping, ReduceLROnPlateau and the best-checkpoint tracker.
import { earlyStopUpdate, improves, initialEarlyStop } from './early-stopping.ts';
import type { MetricsLine } from './metrics-log.ts';
import { initialPlateau, plateauUpdate } from './plateau.ts';
import type { RunState } from './run-state.ts';
import type { TrainConfig } from './train-config.ts';

export interface MetricRef {
  split: 'train' | 'validation';
  key: string;
}

/** 'validation.loss', 'train.grad_norm', or a bare key (validation). */
export function parseMetric(name: string): MetricRef {
  const [a, b] = name.split('.');
  return b === undefined ? { split: 'validation', key: a! } : { split: a as MetricRef['split'], key: b };
}

/** The metric the best checkpoint is chosen by: early stopping's, else the plateau's, else validation loss. */
export function bestMetric(cfg: TrainConfig): { name: string; mode: 'min' | 'max' } {
  const m = cfg.earlyStopping ?? cfg.plateau;
  return m ? { name: m.metric, mode: m.mode } : { name: 'validation.loss', mode: 'min' };
}

export const initialRunState = (cfg: TrainConfig): RunState => ({
  step: 0, consumed: 0, tokens: 0, stream: { epoch: 0, pos: 0 },
  earlyStop: cfg.earlyStopping && initialEarlyStop(),
  plateau: cfg.plateau && initialPlateau(),
  best: { metric: bestMetric(cfg).name, value: null, step: null },
});

function valueOf(line: MetricsLine, name: string): number | undefined {
  const ref = parseMetric(name);
  if (line.split !== ref.split) return undefined;
  const v = (line as unknown as Record<string, unknown>)[ref.key];
  return typeof v === 'number' ? v : undefined;
}

/** Feeds one logged line to every watcher (updating `s`); says whether to stop and whether the best improved. */
export function observe(s: RunState, line: MetricsLine, cfg: TrainConfig): { stop: boolean; improved: boolean } {
  let stop = false;
  const es = cfg.earlyStopping;
  const esValue = es && valueOf(line, es.metric);
  if (es && esValue !== undefined) {
    const r = earlyStopUpdate(s.earlyStop ?? initialEarlyStop(), esValue, line.step, es);
    s.earlyStop = r.state;
    stop = r.stop;
  }
  const pl = cfg.plateau;
  const plValue = pl && valueOf(line, pl.metric);
  if (pl && plValue !== undefined) s.plateau = plateauUpdate(s.plateau ?? initialPlateau(), plValue, pl, cfg.optimizer.lr);
  const best = bestMetric(cfg);
  const value = valueOf(line, best.name);
  const improved = value !== undefined && improves(value, s.best.value, { mode: best.mode, minDelta: 0 });
  if (improved) s.best = { metric: best.name, value: value!, step: line.step };
  return { stop, improved };
}
