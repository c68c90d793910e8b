// Port: the base models this deployment fine-tunes and serves. Adapters are validated against a
// model's config (module names, shapes); the Node runner trains from `dir`.
import type { ModelFile } from '@edgetune/core/weights/model-manifest-format.ts';
import type { ModelConfig } from '@edgetune/core/weights/model-config.ts';

export interface BaseModelInfo {
  /** Public id (`model` in jobs and /v1/models). */
  readonly id: string;
  readonly config: ModelConfig;
  /** Largest LoRA rank an uploaded adapter may have. */
  readonly maxRank: number;
  /** Hugging Face folder, where this process can read one (Node). */
  readonly dir?: string;
  /** The model's files, for runners without a local copy (absent: this deployment cannot serve them). */
  readonly files?: ModelFileSource;
}

export type { ModelFile } from '@edgetune/core/weights/model-manifest-format.ts';

export interface ModelFileSource {
  /** Every file with its size and sha256, sorted by name. */
  list(): Promise<ModelFile[]>;
  /** A listed file's bytes; null when it is missing. */
  open(name: string): Promise<ReadableStream<Uint8Array> | null>;
}

export interface ModelCatalog {
  list(): readonly BaseModelInfo[];
  get(id: string): BaseModelInfo | undefined;
}

export function staticCatalog(models: readonly BaseModelInfo[]): ModelCatalog {
  const byId = new Map(models.map((m) => [m.id, m]));
  return { list: () => models, get: (id) => byId.get(id) };
}
