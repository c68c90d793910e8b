// The loop: micro-batches → optimizer step → metrics → evaluation, watchers, checkpoint.
import { accumAt } from './accum-schedule.ts';
import type { BatchStream } from './batches.ts';
import { TrainError } from './errors.ts';
import type { ValidationRunner } from './evaluator.ts';
import { scalerUpdate } from './loss-scaler.ts';
import type { EvalMetrics, MetricsLog, StepMetrics } from './metrics-log.ts';
import { observe } from './monitors.ts';
import type { RunState } from './run-state.ts';
import type { StepRunner } from './step-runner.ts';
import type { TrainConfig } from './train-config.ts';
import type { TrainOptions, TrainStepEvent } from './train-types.ts';

export interface LoopDeps {
  cfg: TrainConfig;
  totalSteps: number;
  /** Training batches (LM rows or task-head examples). */
  stream: Pick<BatchStream, 'next' | 'state' | 'batchesPerEpoch'>;
  runner: StepRunner;
  evaluator?: ValidationRunner;
  metrics: MetricsLog;
  /** Advanced in place; restored from a checkpoint on resume. */
  state: RunState;
  hooks: Pick<TrainOptions, 'onStep' | 'onEval' | 'signal'>;
  /** Saves parameters, optimizer state and `state` (when checkpointing is on). */
  checkpoint?(state: RunState): void;
}

export interface LoopResult {
  firstLoss: number;
  lastLoss: number;
  tokens: number;
  stepSeconds: number;
  /** Wall time of the loop (evaluations and checkpoints included). */
  seconds: number;
  stoppedEarly: boolean;
  validationLoss?: number;
  validationMetrics?: Record<string, number>;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function trainLoop(d: LoopDeps): Promise<LoopResult> {
  const { cfg, state, stream } = d;
  const res: LoopResult = { firstLoss: NaN, lastLoss: NaN, tokens: 0, stepSeconds: 0, seconds: 0, stoppedEarly: false };
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  const evaluate = async (evaluator: ValidationRunner, epoch: number) => {
    const ev = await evaluator.run();
    const vline: EvalMetrics = {
      split: 'validation', step: state.step, epoch: round(epoch, 4), loss: ev.loss, perplexity: Math.exp(ev.loss), tokens: ev.tokens,
      elapsed_s: round(elapsed(), 3), ...ev.metrics,
    };
    d.metrics.append(vline);
    res.validationLoss = ev.loss;
    res.validationMetrics = ev.metrics;
    d.hooks.onEval?.({ step: vline.step, epoch, loss: ev.loss, perplexity: vline.perplexity, tokens: ev.tokens, metrics: ev.metrics });
    return observe(state, vline, cfg);
  };
  // Where training starts (step 0); a resumed run has logged it already.
  if (d.evaluator && cfg.evalOnStart && state.step === 0) await evaluate(d.evaluator, 0);
  while (state.step < d.totalSteps) {
    const i = state.step;
    const accum = accumAt(i, cfg.gradAccum, cfg.gradAccumSchedule);
    const micro = Array.from({ length: accum }, () => stream.next());
    const tokens = micro.reduce((n, m) => n + m.tokens, 0);
    const lossScale = state.scaler?.scale;
    const t0 = performance.now();
    const r = await d.runner.step(micro.map((m) => m.batch), i, { lrFactor: state.plateau?.factor ?? 1, lossScale });
    const dt = (performance.now() - t0) / 1000;
    if (state.scaler && cfg.lossScale) state.scaler = scalerUpdate(state.scaler, r.finite, cfg.lossScale);
    Object.assign(state, { step: i + 1, consumed: state.consumed + accum, tokens: state.tokens + tokens, stream: stream.state });
    res.stepSeconds += dt;
    res.tokens += tokens;
    if (Number.isNaN(res.firstLoss)) res.firstLoss = r.loss;
    res.lastLoss = r.loss;
    const epoch = state.consumed / stream.batchesPerEpoch;
    const line: StepMetrics = {
      split: 'train', step: state.step, epoch: round(epoch, 4), loss: r.loss, lr: r.lr, grad_norm: r.gradNorm, tokens,
      tokens_per_s: round(tokens / dt, 1), elapsed_s: round(elapsed(), 3),
      ...(r.ce !== r.loss && { ce: r.ce }), ...(accum > 1 && { accum }),
      ...(lossScale !== undefined && { loss_scale: lossScale, skipped: !r.finite }),
    };
    d.metrics.append(line);
    if (!Number.isFinite(r.loss)) {
      throw new TrainError('diverged', `loss is ${r.loss} at step ${state.step}; try a lower learning rate or --max-grad-norm`);
    }
    let { stop } = observe(state, line, cfg);
    let improved = false;
    const last = state.step === d.totalSteps;
    if (d.evaluator && (last || stop || (cfg.evalEvery !== undefined && state.step % cfg.evalEvery === 0))) {
      const o = await evaluate(d.evaluator, epoch);
      stop ||= o.stop;
      improved = o.improved; // a new best at an evaluation gets its own checkpoint, so the best is always kept
    }
    const due = cfg.checkpointEvery !== undefined && state.step % cfg.checkpointEvery === 0;
    const checkpointed = Boolean(d.checkpoint && (due || improved || last || stop));
    if (checkpointed) d.checkpoint!(state);
    const event: TrainStepEvent = {
      step: state.step, totalSteps: d.totalSteps, epoch, loss: r.loss, ce: r.ce, lr: r.lr, gradNorm: r.gradNorm, accum,
      lossScale, skipped: !r.finite, tokens, tokensPerSecond: tokens / dt, elapsedSeconds: elapsed(),
    };
    d.hooks.onStep?.(event);
    if (d.hooks.signal?.aborted) {
      if (d.checkpoint && !checkpointed) d.checkpoint(state);
      throw d.hooks.signal.reason;
    }
    if (stop) {
      res.stoppedEarly = true;
      break;
    }
  }
  res.seconds = elapsed();
  return res;
}
