import type { MethodPlugin } from './types.ts';

/** A reference adapter for a plugin: a PEFT fixture folder under ../shared/fixtures/hf. */
export interface FixtureCase {
  /** 'tiny-gpt2' or 'tiny-llama' */
  model: string;
  /** adapter folder name under the model's adapters/ */
  adapter: string;
  /** Gradients to skip, with the reason (e.g. tensors PEFT does not save). */
  skipGrads?: { names: string[]; reason: string };
}

export interface ConformanceOptions<C> {
  plugin: MethodPlugin<C>;
  /** Raw configs (before zod) that must parse; the first one is used for training checks. */
  validConfigs: unknown[];
  /** Raw configs that must be rejected. */
  invalidConfigs: unknown[];
  /** Trainable parameter count the first valid config gives on the tiny models ('gpt2' and 'llama'). */
  expectedTrainable: (model: 'gpt2' | 'llama') => number;
  /** PEFT fixtures this plugin must reproduce (logits 1e-4, loss 1e-5, grads 1e-3 relative). */
  fixtures?: FixtureCase[];
  /**
   * For methods whose training gradient is deliberately not the loss's exact derivative (DoRA detaches its
   * weight norm, as PEFT does): a variant computing the exact one, used for the finite-difference check.
   * The deliberate gradient is still checked against the PEFT fixtures.
   */
  exactGradientPlugin?: MethodPlugin<C>;
  /** Which tiny architectures the method supports (default both). */
  archs?: ('gpt2' | 'llama')[];
}
