import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostTensor } from '../graph/index.ts';
import { loadModelWeights, parseModelConfig, type ModelConfig } from '../weights/index.ts';

/** A Hugging Face model folder in memory: normalized config and tensors by HF name. */
export interface BaseModel {
  readonly dir: string;
  readonly config: ModelConfig;
  readonly tensors: Map<string, HostTensor>;
}

export function loadBaseModel(dir: string): BaseModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${join(dir, 'config.json')}: ${(err as Error).message}`);
  }
  const config = parseModelConfig(raw);
  return { dir, config, tensors: loadModelWeights(dir).tensors };
}
