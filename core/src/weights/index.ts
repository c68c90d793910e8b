// Weights: safetensors I/O (single and sharded), 16-bit float codecs, HF configs, tiny-random models.
export * from './safetensors-format.ts';
export { parseHeader, headerLength } from './safetensors-header.ts';
export { parseSafetensors, parseSafetensorsHeader, tensorFromBytes } from './safetensors-parse.ts';
export { readSafetensors, readSafetensorsHeader, type ReadOptions } from './safetensors-file.ts';
export {
  writeSafetensors, writeSafetensorsFrom, serializeSafetensors, planLayout, byteSize, sourcesOf,
  type Layout, type TensorSource,
} from './safetensors-write.ts';
export { loadModelWeights, loadShardedSafetensors, readShardIndex, ShardIndex, SINGLE_FILE, INDEX_FILE } from './sharded-read.ts';
export { planShards, writeShardedSafetensors, writeShardedSafetensorsFrom, type ShardedWriteOptions } from './sharded-write.ts';
export { writeFileAtomic, writeTextAtomic, writeAll } from './atomic-write.ts';
export * from './half.ts';
export { mulberry32, hashSeed, Rng } from './random.ts';
export type { ModelConfig, ModelArch, ModelType, Activation, RopeScaling } from './model-config.ts';
export { parseModelConfig, readModelConfig, configToHf, hfJson, SUPPORTED_MODEL_TYPES } from './hf-config.ts';
export { checkpointLayout, type WeightSpec } from './checkpoint-layout.ts';
export { TinyRandomSchema, parseTinyRandomOptions, tinyRandomConfig, type TinyRandomOptions, type TinyRandomParsed } from './tiny-random-options.ts';
export { writeTinyRandomModel, runTinyRandomCli, initTensor, type TinyRandomResult } from './tiny-random.ts';
