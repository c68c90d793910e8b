// What a training run takes, reports while it runs, and returns.
import type { Device, HostTensor } from '../graph/index.ts';
import type { MethodPlugin } from '../plugin/index.ts';
import type { TrainRecord } from './records.ts';
import type { TaskRecord } from './task-data.ts';
import type { TrainConfigInput } from './train-config.ts';

export interface TrainOptions extends TrainConfigInput {
  /** A Hugging Face model folder with tokenizer.json. */
  model: string;
  /**
   * A JSONL file of {text} or {prompt, completion} records, or the records themselves; for a task head,
   * {text, label}, {text, value} or {tokens, tags} (see `task`).
   */
  data: string | readonly TrainRecord[] | readonly TaskRecord[];
  /** A second JSONL (or records) for the validation loss (and a task's metrics); or set valSplit. */
  validation?: string | readonly TrainRecord[] | readonly TaskRecord[];
  /** Run folder: train_config.json, metrics.jsonl, checkpoints/, adapter/ and loss.svg go here. */
  out: string;
  /** Continue from a checkpoint folder, or from a run folder's newest checkpoint. */
  resume?: string;
  method: string | MethodPlugin;
  /** The method's config before validation (the plugin's zod schema fills defaults). */
  methodConfig?: unknown;
  /** Progress notes before the first step (data prepared, graph compiling), for logs. */
  onLog?(message: string): void;
  onStart?(info: TrainStart): void;
  onStep?(event: TrainStepEvent): void;
  onEval?(event: TrainEvalEvent): void;
  /**
   * Stops the run after the step in flight: a checkpoint is written (when checkpointing is on) and train()
   * rejects with the signal's reason, so a resume continues exactly where it stopped (a runner's SIGTERM).
   */
  signal?: AbortSignal;
}

export interface TrainStart {
  totalSteps: number;
  batchesPerEpoch: number;
  examples: number;
  rows: number;
  trainableParams: number;
  device: Device;
  /** Building and compiling the step graph. */
  compileSeconds: number;
  /** Optimizer steps already done (a resumed run). */
  startStep: number;
}

export interface TrainStepEvent {
  /** 1-based. */
  step: number;
  totalSteps: number;
  /** Fractional epochs done after this step. */
  epoch: number;
  /** The objective (with label smoothing, distillation and EWC when on). */
  loss: number;
  /** The plain cross-entropy. */
  ce: number;
  lr: number;
  gradNorm: number;
  /** Micro-batches summed into this step. */
  accum: number;
  /** Loss scaling: the scale used, and whether an inf/NaN gradient made the step a no-op. */
  lossScale?: number;
  skipped: boolean;
  /** Real (non-pad) tokens in this step's micro-batches. */
  tokens: number;
  tokensPerSecond: number;
  elapsedSeconds: number;
}

export interface TrainEvalEvent {
  /** The optimizer step the evaluation follows (1-based). */
  step: number;
  epoch: number;
  /** Mean cross-entropy over every scored validation token. */
  loss: number;
  perplexity: number;
  tokens: number;
  /** A task head's metrics (accuracy, f1_macro, mae, …). */
  metrics?: Record<string, number>;
}

export interface TrainSummary {
  /** Optimizer steps done in total (a resumed run counts the steps before the checkpoint too). */
  steps: number;
  /** Where a resumed run started. */
  startStep: number;
  /** Real tokens trained on in total (a resumed run counts those before the checkpoint too). */
  trainedTokens: number;
  epochs: number;
  firstLoss: number;
  finalLoss: number;
  /** Real tokens per second of step time (graph compilation excluded). */
  tokensPerSecond: number;
  seconds: number;
  trainableParams: number;
  runDir: string;
  adapterDir: string;
  metricsPath: string;
  /** loss.svg: the train and validation curves. */
  plotPath: string;
  /** The last validation loss, when there is a validation set. */
  validationLoss?: number;
  /** A task head's last validation metrics (accuracy, f1_macro, mae, …). */
  validationMetrics?: Record<string, number>;
  /** The monitored metric's best value, and its checkpoint when checkpointing. */
  best?: { metric: string; value: number; step: number; checkpoint?: string };
  stoppedEarly: boolean;
  checkpointsDir?: string;
  /** The trained tensors under the method's in-memory (PEFT) names, as saved in adapterDir. */
  tensors: Map<string, HostTensor>;
}
