import { CompiledGraph, hostTensor, scalarValue, type Device, type HostTensor } from '../graph/index.ts';
import type { BaseModel } from '../engine/base-model.ts';
import type { ParameterStore } from '../plugin/index.ts';
import { paramScale } from './layer-decay.ts';
import { ParamSchedule } from './param-schedule.ts';
import {
  buildGradGraph, buildStepGraph, buildUpdateGraph, GRAD_DIV, gradName, LOSS_SCALE, LR_FACTOR, nextName, stateName, type StepGraphSpec,
} from './step-graph.ts';

export interface StepResult {
  /** The objective, averaged over micro-batches. */
  loss: number;
  /** The plain causal-LM cross-entropy (equal to `loss` without smoothing, distillation or EWC). */
  ce: number;
  gradNorm: number;
  lr: number;
  /** False when a gradient was inf/NaN under loss scaling: nothing was updated. */
  finite: boolean;
}

export interface StepOptions {
  /** Multiplies the scheduled learning rate (ReduceLROnPlateau); default 1. */
  lrFactor?: number;
  /** The backward seed when compiled with lossScaling; default 1. */
  lossScale?: number;
}

export interface Batch {
  input_ids: HostTensor;
  labels: HostTensor;
  attention_mask?: HostTensor;
}

const scalar = (x: number) => hostTensor('float32', [], Float32Array.of(x));
const batchFeeds = (b: Batch): Record<string, HostTensor> => ({ ...b });

/**
 * Runs compiled training steps. Parameters and optimizer state live in JS between steps; for adapter
 * methods they are small, so only they cross the JS/ORT boundary. The frozen base is inside the session.
 * One micro-batch a step runs one fused graph (the fast path). With `accumulate`, a gradient graph runs
 * per micro-batch, JS sums the (adapter-sized) gradients, and an update graph divides by the count and
 * steps: the optimizer is compiled once, outside the per-micro-batch graph.
 */
export class StepRunner {
  /** Optimizer state by `param::slot`, zero-initialized. */
  readonly state = new Map<string, HostTensor>();

  private constructor(
    private readonly main: CompiledGraph,
    private readonly update: CompiledGraph | undefined,
    readonly params: ParameterStore,
    readonly names: { params: string[]; slots: string[] },
    private readonly spec: StepGraphSpec,
    private readonly schedule?: ParamSchedule,
  ) {
    for (const p of names.params) {
      const t = params.values.get(p)!;
      for (const s of names.slots) this.state.set(stateName(p, s), hostTensor('float32', t.shape));
    }
  }

  static async create(model: BaseModel, spec: StepGraphSpec, device?: Device): Promise<StepRunner> {
    const sg = spec.accumulate ? buildGradGraph(model, spec) : buildStepGraph(model, spec);
    const main = await CompiledGraph.create(sg.g, { device });
    const names = sg.params.map((p) => p.name);
    const ug = spec.accumulate ? buildUpdateGraph(sg.params.map((p) => ({ name: p.name, shape: p.shape as number[] })), spec) : undefined;
    const update = ug && await CompiledGraph.create(ug.g, { device });
    const slots = ug?.slots ?? (sg as ReturnType<typeof buildStepGraph>).slots;
    const scale = spec.method ? paramScale(spec.method.plugin, spec.method.config, model.config, spec.layerLrDecay) : undefined;
    return new StepRunner(main, update, spec.params, { params: names, slots }, spec, scale && new ParamSchedule(names, scale));
  }

  get device(): Device {
    return this.main.device;
  }

  /** One optimizer step at 0-based index `step` over one or more micro-batches; parameters and state advance in place. */
  async step(batches: Batch | readonly Batch[], step: number, opts: StepOptions = {}): Promise<StepResult> {
    const micro = Array.isArray(batches) ? batches : [batches as Batch];
    if (micro.length === 0) throw new Error('StepRunner.step: no micro-batches');
    if (!this.update && micro.length > 1) throw new Error('StepRunner: compile with `accumulate` to sum several micro-batches');
    const feeds: Record<string, HostTensor> = { step: scalar(step), [LR_FACTOR]: scalar(opts.lrFactor ?? 1) };
    for (const p of this.names.params) feeds[p] = this.params.values.get(p)!;
    for (const [k, v] of this.state) feeds[k] = v;
    if (this.spec.lossScaling) feeds[LOSS_SCALE] = scalar(opts.lossScale ?? 1);
    if (this.schedule) Object.assign(feeds, this.schedule.feeds(step));
    let out: Record<string, HostTensor>;
    let loss: number;
    let ce: number;
    if (this.update) {
      const acc = await this.accumulate(micro, feeds);
      ({ loss, ce } = acc);
      out = await this.update.run({ ...feeds, ...acc.grads, [GRAD_DIV]: scalar(micro.length * (opts.lossScale ?? 1)) });
    } else {
      out = await this.main.run({ ...feeds, ...batchFeeds(micro[0]!) });
      loss = scalarValue(out.loss!);
      ce = out.ce ? scalarValue(out.ce) : loss;
    }
    for (const p of this.names.params) this.params.values.set(p, out[nextName(p)]!);
    for (const k of this.state.keys()) this.state.set(k, out[nextName(k)]!);
    const finite = out.finite ? scalarValue(out.finite) === 1 : true;
    return { loss, ce, gradNorm: scalarValue(out.grad_norm!), lr: scalarValue(out.lr!), finite };
  }

  /** Gradient sums over the micro-batches (float32, in order) and their mean losses. */
  private async accumulate(micro: readonly Batch[], feeds: Record<string, HostTensor>) {
    const sums = new Map<string, Float32Array>();
    let loss = 0;
    let ce = 0;
    for (const b of micro) {
      const out = await this.main.run({ ...feeds, ...batchFeeds(b) });
      loss += scalarValue(out.loss!);
      ce += scalarValue(out.ce ?? out.loss!);
      for (const p of this.names.params) {
        const gr = out[gradName(p)]!.data as Float32Array;
        const sum = sums.get(p);
        if (!sum) sums.set(p, Float32Array.from(gr));
        else for (let i = 0; i < gr.length; i++) sum[i]! += gr[i]!;
      }
    }
    const grads: Record<string, HostTensor> = {};
    for (const p of this.names.params) grads[gradName(p)] = hostTensor('float32', this.params.values.get(p)!.shape, sums.get(p)!);
    return { grads, loss: loss / micro.length, ce: ce / micro.length };
  }

  async release(): Promise<void> {
    await this.main.release();
    await this.update?.release();
  }
}
