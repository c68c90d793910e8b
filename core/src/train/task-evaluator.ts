// Validation for a task head: the eval module's forward pass and metrics over the held-out examples,
// reading the parameters the trainer updates in place.
import type { BaseModel } from '../engine/base-model.ts';
import { IGNORE, type SequenceExample, type TokenExample } from '../eval/encode.ts';
import { TaskForward } from '../eval/forward.ts';
import { sequenceLogits, tokenPredictions, type BatchShape } from '../eval/predict.ts';
import { classificationMetrics, regressionMetrics, taggingMetrics, type Metrics } from '../eval/task-metrics.ts';
import type { Device } from '../graph/index.ts';
import type { LossGraphSpec } from '../engine/loss-graph.ts';
import type { EvalResult, ValidationRunner } from './evaluator.ts';
import type { TaskData, TaskExample } from './task-data.ts';

export class TaskEvaluator implements ValidationRunner {
  private constructor(
    private readonly fwd: TaskForward,
    private readonly data: TaskData,
    private readonly examples: readonly TaskExample[],
    private readonly shape: BatchShape,
  ) {}

  static async create(model: BaseModel, spec: LossGraphSpec, data: TaskData, shape: BatchShape, device?: Device): Promise<TaskEvaluator> {
    const examples = data.validation!;
    const fwd = await TaskForward.create(model, { task: data.task, batch: shape.batch, seq: shape.seq, method: spec.method, params: spec.params, device });
    return new TaskEvaluator(fwd, data, examples, shape);
  }

  async run(): Promise<EvalResult> {
    const m = await this.metrics();
    const metrics: Record<string, number> = {};
    for (const [k, v] of Object.entries(m)) if (typeof v === 'number' && k !== 'loss') metrics[k] = v;
    // The loss the head trains on: mean CE, or MSE for regression.
    const loss = typeof m.loss === 'number' ? m.loss : (m.mse as number);
    return { loss, tokens: this.examples.length, metrics };
  }

  private async metrics(): Promise<Metrics> {
    const { task, labels } = this.data;
    if (task.type === 'token-classification') {
      const examples = this.examples as TokenExample[];
      const out = await tokenPredictions(this.fwd, task, examples, this.shape);
      const gold = examples.map((e) => e.labels.filter((l) => l !== IGNORE).map((l) => labels![l]!));
      return taggingMetrics(gold, out.map((p) => p.pred.map((l) => labels![l]!)), out.flatMap((p) => p.logProb));
    }
    const examples = this.examples as SequenceExample[];
    const logits = await sequenceLogits(this.fwd, task, examples, this.shape);
    const targets = examples.map((e) => e.target);
    return task.type === 'regression' ? regressionMetrics(targets, logits.map((l) => l[0]!)) : classificationMetrics(targets, logits);
  }

  async release(): Promise<void> {
    await this.fwd.release();
  }
}
