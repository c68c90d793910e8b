import type { z } from 'zod';
import type { HostTensor } from '../graph/index.ts';
import type { ModelHooks } from '../models/index.ts';
import type { ModelConfig } from '../weights/index.ts';
import type { ParameterStore } from './params.ts';

/** What a method plugin's `apply` receives: the hook points and the parameter store. */
export interface ApplyContext {
  readonly hooks: ModelHooks;
  readonly model: ModelConfig;
  readonly params: ParameterStore;
}

/** What a method's step schedule (`lrScale`) sees besides the parameter and the step. */
export interface ScheduleContext<C> {
  readonly config: C;
  readonly model: ModelConfig;
}

/** An adapter on disk, as PEFT writes it: adapter_config.json plus tensors under PEFT's saved names. */
export interface AdapterFiles {
  config: Record<string, unknown>;
  tensors: Map<string, HostTensor>;
}

/** A method's trained state: its validated config and its tensors under PEFT in-memory names. */
export interface AdapterState<C> {
  method: string;
  config: C;
  tensors: Map<string, HostTensor>;
}

/**
 * A fine-tuning method: a plain object made by `defineMethod`, registered by `name`.
 * C is the config type that the zod schema produces.
 */
export interface MethodPlugin<C = any> {
  /** Registry key; also the CLI and API `method`. */
  readonly name: string;
  /** PEFT's peft_type, where PEFT has the method, for adapter_config.json interop. */
  readonly peftType?: string;
  readonly description: string;
  /** Validates and defaults the method's config. */
  readonly config: z.ZodType<C>;
  /** Rewrites hook points and declares trainable tensors (PEFT in-memory names). */
  apply(ctx: ApplyContext, config: C): void;
  /** Writes PEFT-compatible files: adapter_config.json fields and saved tensor names. */
  save(state: AdapterState<C>): AdapterFiles;
  /** Reads what `save` (or PEFT) wrote; returns undefined when the files belong to another method. */
  load(files: AdapterFiles): AdapterState<C> | undefined;
  /** Folds the adapter into base weights (by HF name) where the math allows. */
  merge?(state: AdapterState<C>, base: Map<string, HostTensor>, model: ModelConfig): Map<string, HostTensor>;
  /**
   * The step schedule hook: a learning-rate multiplier for trainable tensor `param` at 0-based step `step`
   * (layer-wise LR decay, progressive unfreezing). 0 freezes the tensor for that step: it and its optimizer
   * state stay as they are, and its gradient leaves the global norm. The multipliers are fed as a graph
   * input each step, so the compiled step graph never changes. Absent: every tensor gets 1.
   */
  lrScale?(param: string, step: number, ctx: ScheduleContext<C>): number;
}
