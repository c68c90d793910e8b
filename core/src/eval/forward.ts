// A compiled forward pass for one task at a fixed [batch, seq], fed the current values of a parameter store.
import type { BaseModel } from '../engine/base-model.ts';
import { buildLossGraph } from '../engine/loss-graph.ts';
import { CompiledGraph, hostTensor, type Device, type HostTensor } from '../graph/index.ts';
import type { TaskSpec } from '../heads/index.ts';
import type { MethodPlugin, ParameterStore } from '../plugin/index.ts';
import { lmTokenScores } from './lm-scores.ts';

export interface TaskForwardSpec {
  task: TaskSpec;
  batch: number;
  seq: number;
  method?: { plugin: MethodPlugin; config: unknown };
  params: ParameterStore;
  /** Every trainable tensor must already have a value (a loaded or training adapter): nothing is initialized. */
  requireValues?: boolean;
  device?: Device;
}

export interface ForwardBatch {
  /** [B, T] int64 */
  input_ids: HostTensor;
  /** [B, T] int64 */
  attention_mask: HostTensor;
  /** The task's labels (heads/task.ts labelsInput). */
  labels: HostTensor;
}

/**
 * Outputs: `logits` for head tasks ([B, N] or [B, T, N]); `token_nll` and `token_hit` [B, T] for causal LM
 * (see lm-scores.ts). Parameter values are read from the store at each run, so a training loop that
 * updates the store in place can evaluate the same tensors between steps.
 */
export class TaskForward {
  private constructor(
    private readonly session: CompiledGraph,
    private readonly params: ParameterStore,
    private readonly names: string[],
  ) {}

  static async create(model: BaseModel, spec: TaskForwardSpec): Promise<TaskForward> {
    const had = new Set(spec.params.values.keys());
    const lg = buildLossGraph(model, { batch: spec.batch, seq: spec.seq, attentionMask: true, method: spec.method, params: spec.params, task: spec.task });
    const names = lg.params.map((p) => p.name);
    const missing = names.filter((n) => !had.has(n));
    if (spec.requireValues && missing.length > 0) {
      for (const n of missing) spec.params.values.delete(n);
      throw new Error(`the adapter has no values for ${missing.join(', ')} (was it trained for ${spec.task.type}?)`);
    }
    if (spec.task.type === 'causal-lm') {
      const labels = lg.g.inputs.find((v) => v.name === 'labels')!;
      const s = lmTokenScores(lg.logits, labels, lg.virtualTokens);
      lg.g.output(s.nll, 'token_nll');
      lg.g.output(s.hit, 'token_hit');
    } else {
      lg.g.output(lg.logits, 'logits');
    }
    return new TaskForward(await CompiledGraph.create(lg.g, { device: spec.device }), spec.params, names);
  }

  async run(batch: ForwardBatch): Promise<Record<string, HostTensor>> {
    const feeds: Record<string, HostTensor> = { ...batch };
    for (const n of this.names) feeds[n] = this.params.values.get(n)!;
    return this.session.run(feeds);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** Right-pads rows to [B, T] with `pad` and mask 0; missing rows repeat row 0 (their outputs are dropped). */
export function padRows(rows: readonly (readonly number[])[], batch: number, seq: number, pad: number): { input_ids: HostTensor; attention_mask: HostTensor } {
  const ids = new BigInt64Array(batch * seq).fill(BigInt(pad));
  const mask = new BigInt64Array(batch * seq);
  for (let b = 0; b < batch; b++) {
    const row = rows[b] ?? rows[0]!;
    for (let t = 0; t < Math.min(row.length, seq); t++) {
      ids[b * seq + t] = BigInt(row[t]!);
      mask[b * seq + t] = 1n;
    }
  }
  return { input_ids: hostTensor('int64', [batch, seq], ids), attention_mask: hostTensor('int64', [batch, seq], mask) };
}
