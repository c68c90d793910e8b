// One drift report for an adapter alias: each statistic against its threshold, and whether the
// alias counts as drifting (any threshold crossed). PSI thresholds follow the usual reading:
// < 0.1 stable, 0.1–0.25 moderate, > 0.25 a real shift.
import { categoricalPsi, jensenShannon, lengthPsi, tokenCounts, unseenTokenRate } from './drift.ts';

export interface DriftThresholds {
  /** live perplexity / baseline perplexity */
  perplexityRatio: number;
  lengthPsi: number;
  vocabularyJsd: number;
  labelPsi: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = { perplexityRatio: 1.5, lengthPsi: 0.25, vocabularyJsd: 0.2, labelPsi: 0.25 };

export interface DriftSample {
  /** Token ids of each input. */
  inputs: readonly ArrayLike<number>[];
  /** The adapter's mean token-level NLL on these inputs (nats). */
  meanNll: number;
  /** Predicted labels, for classification adapters. */
  labels?: readonly string[];
}

export interface DriftReport {
  drifting: boolean;
  reasons: string[];
  perplexity: { baseline: number; live: number; ratio: number };
  length_psi: number;
  vocabulary_jsd: number;
  unseen_token_rate: number;
  label_psi: number | null;
  baseline_size: number;
  live_size: number;
}

const countBy = (xs: readonly string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());

export function driftReport(baseline: DriftSample, live: DriftSample, thresholds: Partial<DriftThresholds> = {}): DriftReport {
  if (baseline.inputs.length === 0 || live.inputs.length === 0) throw new Error('drift: the baseline and the live sample each need at least one input');
  const t = { ...DEFAULT_DRIFT_THRESHOLDS, ...thresholds };
  const perplexity = { baseline: Math.exp(baseline.meanNll), live: Math.exp(live.meanNll), ratio: Math.exp(live.meanNll - baseline.meanNll) };
  const baseTokens = tokenCounts(baseline.inputs);
  const liveTokens = tokenCounts(live.inputs);
  const report: DriftReport = {
    drifting: false, reasons: [], perplexity,
    length_psi: lengthPsi(baseline.inputs.map((x) => x.length), live.inputs.map((x) => x.length)),
    vocabulary_jsd: jensenShannon(baseTokens, liveTokens),
    unseen_token_rate: unseenTokenRate(baseTokens, liveTokens),
    label_psi: baseline.labels && live.labels ? categoricalPsi(countBy(baseline.labels), countBy(live.labels)) : null,
    baseline_size: baseline.inputs.length, live_size: live.inputs.length,
  };
  const check = (name: string, value: number | null, limit: number) => {
    if (value !== null && value > limit) report.reasons.push(`${name} ${value.toFixed(3)} > ${limit}`);
  };
  check('perplexity ratio', perplexity.ratio, t.perplexityRatio);
  check('length PSI', report.length_psi, t.lengthPsi);
  check('vocabulary JSD', report.vocabulary_jsd, t.vocabularyJsd);
  check('label PSI', report.label_psi, t.labelPsi);
  report.drifting = report.reasons.length > 0;
  return report;
}
