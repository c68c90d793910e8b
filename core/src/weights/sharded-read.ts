// Sharded checkpoints: `model.safetensors.index.json` maps each tensor to a shard file.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { HostTensor } from '../graph/host-tensor.ts';
import { readSafetensors } from './safetensors-file.ts';
import type { SafetensorsData } from './safetensors-format.ts';

export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';

// Shard names are plain file names: an index must not reach outside its folder.
const ShardName = z.string().regex(/^[^/\\]+\.safetensors$/, 'must be a .safetensors file name in the same folder');

export const ShardIndex = z.object({
  metadata: z.record(z.string(), z.unknown()).nullish(),
  weight_map: z.record(z.string(), ShardName),
});
export type ShardIndex = z.infer<typeof ShardIndex>;

export function readShardIndex(indexPath: string): ShardIndex {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(indexPath, 'utf8'));
  } catch (e) {
    throw new Error(`${indexPath}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = ShardIndex.safeParse(json);
  if (!parsed.success) throw new Error(`${indexPath}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Loads every shard an index names and checks each mapped tensor is in its shard. */
export function loadShardedSafetensors(indexPath: string, dir = dirname(indexPath)): SafetensorsData {
  const index = readShardIndex(indexPath);
  const tensors = new Map<string, HostTensor>();
  const shardOf = new Map<string, string>();
  let metadata: Record<string, string> = {};
  const files = [...new Set(Object.values(index.weight_map))].sort();
  for (const [i, file] of files.entries()) {
    const shard = readSafetensors(join(dir, file));
    if (i === 0) metadata = shard.metadata;
    for (const [name, t] of shard.tensors) {
      if (tensors.has(name)) throw new Error(`${indexPath}: tensor '${name}' appears in more than one shard (again in ${file})`);
      tensors.set(name, t);
      shardOf.set(name, file);
    }
  }
  for (const [name, file] of Object.entries(index.weight_map)) {
    if (shardOf.get(name) !== file) throw new Error(`${indexPath}: tensor '${name}' is mapped to ${file} but that shard does not hold it`);
  }
  return { tensors, metadata };
}

/** A model folder's weights: `model.safetensors`, else the sharded index (the order HF uses). */
export function loadModelWeights(dir: string): SafetensorsData {
  const single = join(dir, SINGLE_FILE);
  if (existsSync(single)) return readSafetensors(single);
  const index = join(dir, INDEX_FILE);
  if (existsSync(index)) return loadShardedSafetensors(index, dir);
  throw new Error(`${dir}: no ${SINGLE_FILE} or ${INDEX_FILE}`);
}
