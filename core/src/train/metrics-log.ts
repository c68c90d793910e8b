// metrics.jsonl: one JSON object per optimizer step, appended as it happens so a run can be tailed.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface StepMetrics {
  step: number;
  epoch: number;
  loss: number;
  lr: number;
  grad_norm: number;
  tokens: number;
  tokens_per_s: number;
  elapsed_s: number;
}

export class MetricsLog {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
  }

  append(m: StepMetrics): void {
    appendFileSync(this.path, `${JSON.stringify(m)}\n`);
  }
}
