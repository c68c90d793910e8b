// Writes a Hugging Face-format model folder with seeded random weights: config.json,
// generation_config.json, model.safetensors (or shards + index), tokenizer.json, tokenizer_config.json.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildByteLevelBpe, END_OF_TEXT } from '../tokenizer/build-bpe.ts';
import { writeTextAtomic } from './atomic-write.ts';
import { checkpointLayout, type WeightSpec } from './checkpoint-layout.ts';
import { fromFloat32 } from './half.ts';
import { configToHf, hfJson } from './hf-config.ts';
import { TRANSFORMERS_VERSION } from './hf-config-common.ts';
import type { ModelConfig } from './model-config.ts';
import { hashSeed, Rng } from './random.ts';
import { writeShardedSafetensorsFrom } from './sharded-write.ts';
import type { TensorSource } from './safetensors-write.ts';
import { parseTinyRandomOptions, tinyRandomConfig, type TinyRandomOptions } from './tiny-random-options.ts';

/**
 * A tensor's values: N(0, initializer_range) from a stream seeded by (seed, name), so values do
 * not depend on write order, sharding or dtype; norm weights 1, biases 0.
 */
export function initTensor(spec: WeightSpec, seed: number, std: number): Float32Array {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  if (spec.init === 'ones') out.fill(1);
  else if (spec.init === 'normal') new Rng(hashSeed(seed, spec.name)).fillNormal(out, std);
  return out;
}

function weightSources(config: ModelConfig, seed: number): TensorSource[] {
  return checkpointLayout(config).map((spec) => ({
    name: spec.name,
    dtype: config.dtype,
    shape: spec.shape,
    data: () => fromFloat32(config.dtype, initTensor(spec, seed, config.initializerRange)),
  }));
}

export interface TinyRandomResult {
  readonly config: ModelConfig;
  readonly files: string[];
}

export function writeTinyRandomModel(dir: string, options: TinyRandomOptions): TinyRandomResult {
  const o = parseTinyRandomOptions(options);
  const config = tinyRandomConfig(o);
  mkdirSync(dir, { recursive: true });
  const weightFiles = writeShardedSafetensorsFrom(dir, weightSources(config, o.seed), {
    maxShardBytes: o.shardBytes ?? Number.POSITIVE_INFINITY,
    metadata: { format: 'pt' },
  });
  writeTextAtomic(join(dir, 'config.json'), hfJson(configToHf(config)));
  writeTextAtomic(join(dir, 'generation_config.json'), hfJson({
    _from_model_config: true,
    bos_token_id: config.bosTokenId,
    eos_token_id: config.eosTokenId,
    output_attentions: false,
    output_hidden_states: false,
    transformers_version: TRANSFORMERS_VERSION,
    use_cache: true,
  }));
  writeTextAtomic(join(dir, 'tokenizer.json'), JSON.stringify(buildByteLevelBpe({ vocabSize: o.vocabSize }), null, 2) + '\n');
  // tokenizer_class keeps transformers from swapping in a model-specific tokenizer (e.g. Llama's BOS).
  writeTextAtomic(join(dir, 'tokenizer_config.json'), hfJson({
    add_prefix_space: false,
    bos_token: END_OF_TEXT,
    clean_up_tokenization_spaces: false,
    eos_token: END_OF_TEXT,
    model_max_length: config.maxPositions,
    tokenizer_class: 'PreTrainedTokenizerFast',
    unk_token: END_OF_TEXT,
  }));
  const files = ['config.json', 'generation_config.json', ...weightFiles, 'tokenizer.json', 'tokenizer_config.json'];
  if (weightFiles.length > 1) files.push('model.safetensors.index.json');
  return { config, files };
}

/**
 * `edgetune tiny-random --out DIR --arch gpt2 --vocab-size 8192 ...`: flags as the CLI parsed
 * them (strings, kebab- or camelCase keys).
 */
export function runTinyRandomCli(flags: Readonly<Record<string, unknown>>): TinyRandomResult {
  const camel = Object.fromEntries(Object.entries(flags).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
  const { out, ...rest } = camel;
  if (typeof out !== 'string' || out === '') throw new Error('tiny-random: --out DIR is required');
  return writeTinyRandomModel(out, parseTinyRandomOptions(rest));
}
