import { CompiledGraph, hostTensor, scalarValue, type Device, type HostTensor } from '../graph/index.ts';
import type { BaseModel } from '../engine/base-model.ts';
import type { ParameterStore } from '../plugin/index.ts';
import { ParamSchedule } from './param-schedule.ts';
import { buildStepGraph, nextName, stateName, type StepGraphSpec } from './step-graph.ts';

export interface StepResult {
  loss: number;
  gradNorm: number;
  lr: number;
}

export interface Batch {
  input_ids: HostTensor;
  labels: HostTensor;
  attention_mask?: HostTensor;
}

/**
 * Runs compiled training steps. Parameters and optimizer state live in JS between steps; for adapter
 * methods they are small, so only they cross the JS/ORT boundary. The frozen base is inside the session.
 */
export class StepRunner {
  /** Optimizer state by `param::slot`, zero-initialized. */
  readonly state = new Map<string, HostTensor>();

  private constructor(
    private readonly session: CompiledGraph,
    readonly params: ParameterStore,
    private readonly names: { params: string[]; slots: string[] },
    private readonly schedule?: ParamSchedule,
  ) {
    for (const p of names.params) {
      const t = params.values.get(p)!;
      for (const s of names.slots) this.state.set(stateName(p, s), hostTensor('float32', t.shape));
    }
  }

  static async create(model: BaseModel, spec: StepGraphSpec, device?: Device): Promise<StepRunner> {
    const sg = buildStepGraph(model, spec);
    const session = await CompiledGraph.create(sg.g, { device });
    const names = sg.params.map((p) => p.name);
    const schedule = sg.scheduled ? new ParamSchedule(spec.method!.plugin, spec.method!.config, model.config, names) : undefined;
    return new StepRunner(session, spec.params, { params: names, slots: sg.slots }, schedule);
  }

  get device(): Device {
    return this.session.device;
  }

  /** One optimizer step at 0-based index `step`; parameters and state advance in place. */
  async step(batch: Batch, step: number): Promise<StepResult> {
    const feeds: Record<string, HostTensor> = { ...this.params.feeds(), step: hostTensor('float32', [], Float32Array.of(step)) };
    for (const [k, v] of this.state) feeds[k] = v;
    feeds.input_ids = batch.input_ids;
    feeds.labels = batch.labels;
    if (batch.attention_mask) feeds.attention_mask = batch.attention_mask;
    if (this.schedule) Object.assign(feeds, this.schedule.feeds(step));
    const out = await this.session.run(feeds);
    for (const p of this.names.params) this.params.values.set(p, out[nextName(p)]!);
    for (const k of this.state.keys()) this.state.set(k, out[nextName(k)]!);
    return { loss: scalarValue(out.loss!), gradNorm: scalarValue(out.grad_norm!), lr: scalarValue(out.lr!) };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
