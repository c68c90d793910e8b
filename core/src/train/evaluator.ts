// Validation loss: a forward-only session over fixed batches, token-weighted like one big batch.
import { CompiledGraph, scalarValue, type Device, type HostTensor } from '../graph/index.ts';
import type { BaseModel } from '../engine/base-model.ts';
import { buildLossGraph, type LossGraphSpec } from '../engine/loss-graph.ts';
import type { PackedBatch } from './batches.ts';
import { IGNORE } from './examples.ts';

/** Tokens the causal loss scores in a [B, T] label batch: labels past each row's first position that count. */
export function scoredTokens(labels: HostTensor): number {
  const [batch, seq] = labels.shape as [number, number];
  let n = 0;
  for (let b = 0; b < batch; b++) for (let t = 1; t < seq; t++) if (Number(labels.data[b * seq + t]) !== IGNORE) n++;
  return n;
}

export interface EvalResult {
  /** Mean cross-entropy over every scored validation token. */
  loss: number;
  tokens: number;
  /** A task head's scalar metrics (accuracy, f1_macro, mae, entity_f1, …), logged beside the loss. */
  metrics?: Record<string, number>;
}

/** What the loop evaluates with: the LM Evaluator below, or a task head's (task-evaluator.ts). */
export interface ValidationRunner {
  run(): Promise<EvalResult>;
  release(): Promise<void>;
}

/**
 * A second session holding the frozen base (memory: one more copy of the base weights), compiled only
 * when a validation set exists; it reads the trainer's current parameters each time it runs.
 */
export class Evaluator implements ValidationRunner {
  private constructor(
    private readonly session: CompiledGraph,
    private readonly names: string[],
    private readonly spec: LossGraphSpec,
    private readonly batches: readonly PackedBatch[],
  ) {}

  static async create(model: BaseModel, spec: LossGraphSpec, batches: readonly PackedBatch[], device?: Device): Promise<Evaluator> {
    if (batches.length === 0) throw new Error('Evaluator: no validation batches');
    const lg = buildLossGraph(model, spec);
    lg.g.output(lg.loss, 'loss');
    return new Evaluator(await CompiledGraph.create(lg.g, { device }), lg.params.map((p) => p.name), spec, batches);
  }

  async run(): Promise<EvalResult> {
    const params: Record<string, HostTensor> = {};
    for (const n of this.names) params[n] = this.spec.params.values.get(n)!;
    let sum = 0;
    let tokens = 0;
    for (const { batch } of this.batches) {
      const n = scoredTokens(batch.labels);
      if (n === 0) continue;
      const out = await this.session.run({ ...params, ...batch }, ['loss']);
      sum += scalarValue(out.loss!) * n;
      tokens += n;
    }
    return { loss: tokens ? sum / tokens : NaN, tokens };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
