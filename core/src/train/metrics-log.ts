// metrics.jsonl: one JSON object per optimizer step (split 'train') and per evaluation (split
// 'validation'), appended as it happens so a run can be tailed.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface StepMetrics {
  split: 'train';
  step: number;
  epoch: number;
  /** The objective (with label smoothing, distillation and EWC when on). */
  loss: number;
  lr: number;
  grad_norm: number;
  tokens: number;
  tokens_per_s: number;
  elapsed_s: number;
  /** Plain cross-entropy, when the objective adds terms to it. */
  ce?: number;
  /** Micro-batches summed into this step, when accumulating. */
  accum?: number;
  loss_scale?: number;
  /** The gradient was inf/NaN: parameters and optimizer state were held. */
  skipped?: boolean;
}

export interface EvalMetrics {
  split: 'validation';
  step: number;
  epoch: number;
  loss: number;
  perplexity: number;
  /** Scored tokens (causal LM) or examples (task heads). */
  tokens: number;
  elapsed_s: number;
  /** A task head's metrics: accuracy, f1_macro, mae, entity_f1, … */
  [metric: string]: number | string;
}

export type MetricsLine = StepMetrics | EvalMetrics;

export class MetricsLog {
  /**
   * A fresh log; on resume, `carry` names the interrupted run's log, whose lines up to `through` (the
   * checkpoint's step) start this one, so curves and summaries cover the whole run.
   */
  constructor(readonly path: string, carry?: { from: string; through: number }) {
    mkdirSync(dirname(path), { recursive: true });
    const kept = carry && existsSync(carry.from) ? readLines(carry.from).filter((m) => m.step <= carry.through) : [];
    writeFileSync(path, kept.map((m) => `${JSON.stringify(m)}\n`).join(''));
  }

  append(m: MetricsLine): void {
    appendFileSync(this.path, `${JSON.stringify(m)}\n`);
  }

  read(): MetricsLine[] {
    return readLines(this.path);
  }
}

function readLines(path: string): MetricsLine[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as MetricsLine);
}
