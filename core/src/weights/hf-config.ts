// Hugging Face config.json -> ModelConfig, and back. Dispatches on model_type.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Gpt2HfConfig, gpt2FromHf, gpt2ToHf } from './hf-config-gpt2.ts';
import { LlamaHfConfig, llamaFromHf, llamaToHf } from './hf-config-llama.ts';
import type { ModelConfig, ModelType } from './model-config.ts';

export const SUPPORTED_MODEL_TYPES: readonly ModelType[] = ['gpt2', 'llama', 'mistral', 'qwen2'];

/** Parses a config.json object; `source` names the file in errors. */
export function parseModelConfig(json: unknown, source = 'config.json'): ModelConfig {
  const type = typeof json === 'object' && json !== null ? (json as { model_type?: unknown }).model_type : undefined;
  if (type === undefined) throw new Error(`${source}: missing model_type (supported: ${SUPPORTED_MODEL_TYPES.join(', ')})`);
  if (!SUPPORTED_MODEL_TYPES.includes(type as ModelType)) {
    throw new Error(`${source}: unsupported model_type ${JSON.stringify(type)} (supported: ${SUPPORTED_MODEL_TYPES.join(', ')})`);
  }
  if (type === 'gpt2') {
    const r = Gpt2HfConfig.safeParse(json);
    if (!r.success) throw new Error(`${source}: invalid gpt2 config\n${z.prettifyError(r.error)}`);
    return gpt2FromHf(r.data);
  }
  const r = LlamaHfConfig.safeParse(json);
  if (!r.success) throw new Error(`${source}: invalid ${String(type)} config\n${z.prettifyError(r.error)}`);
  return llamaFromHf(r.data);
}

export function readModelConfig(dir: string): ModelConfig {
  const path = join(dir, 'config.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot read JSON (${(e as Error).message})`);
  }
  return parseModelConfig(json, path);
}

/** The config.json object transformers would write for this config. */
export function configToHf(c: ModelConfig): Record<string, unknown> {
  return c.arch === 'gpt2' ? gpt2ToHf(c) : llamaToHf(c);
}

/** JSON text the way transformers writes it: keys sorted at every level, 2-space indent. */
export function hfJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort)
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]))
    : v;
  return JSON.stringify(sort(value), null, 2) + '\n';
}
