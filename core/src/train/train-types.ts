// What a training run takes, reports while it runs, and returns.
import type { Device, HostTensor } from '../graph/index.ts';
import type { MethodPlugin } from '../plugin/index.ts';
import type { TrainRecord } from './records.ts';
import type { TrainConfigInput } from './train-config.ts';

export interface TrainOptions extends TrainConfigInput {
  /** A Hugging Face model folder with tokenizer.json. */
  model: string;
  /** A JSONL file of {text} or {prompt, completion} records, or the records themselves. */
  data: string | readonly TrainRecord[];
  /** Run folder: metrics.jsonl, train_config.json and adapter/ go here. */
  out: string;
  method: string | MethodPlugin;
  /** The method's config before validation (the plugin's zod schema fills defaults). */
  methodConfig?: unknown;
  /** Progress notes before the first step (data prepared, graph compiling), for logs. */
  onLog?(message: string): void;
  onStart?(info: TrainStart): void;
  onStep?(event: TrainStepEvent): void;
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
}

export interface TrainStepEvent {
  /** 1-based. */
  step: number;
  totalSteps: number;
  /** Fractional epochs done after this step. */
  epoch: number;
  loss: number;
  lr: number;
  gradNorm: number;
  /** Real (non-pad) tokens in this step's batch. */
  tokens: number;
  tokensPerSecond: number;
  elapsedSeconds: number;
}

export interface TrainSummary {
  steps: number;
  epochs: number;
  firstLoss: number;
  finalLoss: number;
  /** Real tokens per second of step time (graph compilation excluded). */
  tokensPerSecond: number;
  seconds: number;
  trainableParams: number;
  adapterDir: string;
  metricsPath: string;
  /** The trained tensors under the method's in-memory (PEFT) names, as saved in adapterDir. */
  tensors: Map<string, HostTensor>;
}
