// Port: fine-tuning methods by name (core's plugin registry on Node). The edge validates a job's
// method config with the plugin's own zod schema and finds the plugin that reads an adapter.
import type { z } from 'zod';

export interface MethodInfo {
  readonly name: string;
  readonly peftType?: string;
  readonly description: string;
}

export type ConfigCheck = { ok: true; config: unknown } | { ok: false; issues: readonly z.core.$ZodIssue[] };

export interface MethodCatalog {
  names(): readonly string[];
  /** Loads the method; undefined when there is none by that name. */
  get(name: string): Promise<MethodInfo | undefined>;
  /** Validates and defaults a config with the method's schema. */
  checkConfig(name: string, config: unknown): Promise<ConfigCheck>;
  /**
   * The method that reads these adapter files, after the plugin's own load/validation; throws with
   * a message when no plugin claims them or the plugin rejects them.
   */
  readAdapter(files: { config: Record<string, unknown>; tensors: Map<string, unknown> }): Promise<{ method: string; config: unknown }>;
}
