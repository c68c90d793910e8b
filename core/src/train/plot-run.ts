import { writeTextAtomic } from '../weights/index.ts';
import { lossSvg } from './loss-svg.ts';
import type { MetricsLine } from './metrics-log.ts';

/** loss.svg from a run's metrics lines: the train loss per step and the validation loss per evaluation. */
export function writeLossPlot(path: string, lines: readonly MetricsLine[]): string {
  const of = (split: MetricsLine['split']) => lines.filter((m) => m.split === split).map((m) => [m.step, m.loss] as const);
  writeTextAtomic(path, lossSvg([
    { name: 'train', color: '#1f77b4', points: of('train') },
    { name: 'validation', color: '#d62728', points: of('validation') },
  ], 'loss by optimizer step'));
  return path;
}
