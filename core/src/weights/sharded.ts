// Sharded checkpoints: `model.safetensors.index.json` maps each tensor to a shard file.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { HostTensor } from '../graph/host-tensor.ts';
import { writeTextAtomic } from './atomic-write.ts';
import { readSafetensors } from './safetensors-file.ts';
import type { SafetensorsData, TensorInput } from './safetensors-format.ts';
import { byteSize, sourcesOf, writeSafetensorsFrom, type TensorSource } from './safetensors-write.ts';

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
export function loadShardedSafetensors(indexPath: string, dir: string): SafetensorsData {
  const index = readShardIndex(indexPath);
  const tensors = new Map<string, HostTensor>();
  let metadata: Record<string, string> = {};
  const files = [...new Set(Object.values(index.weight_map))].sort();
  for (const file of files) {
    const shard = readSafetensors(join(dir, file));
    if (tensors.size === 0) metadata = shard.metadata;
    for (const [name, t] of shard.tensors) {
      if (tensors.has(name)) throw new Error(`${indexPath}: tensor '${name}' appears in more than one shard (again in ${file})`);
      tensors.set(name, t);
    }
  }
  for (const [name, file] of Object.entries(index.weight_map)) {
    if (!tensors.has(name)) throw new Error(`${indexPath}: tensor '${name}' is mapped to ${file} but that shard does not hold it`);
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

/**
 * Groups sources into shards the way huggingface_hub does: in order, starting a new shard when
 * the next tensor would pass `maxShardBytes` (a tensor larger than that gets its own shard).
 */
export function planShards(sources: readonly TensorSource[], maxShardBytes: number): TensorSource[][] {
  if (!(maxShardBytes > 0)) throw new Error(`maxShardBytes must be positive, got ${maxShardBytes}`);
  const shards: TensorSource[][] = [];
  let current: TensorSource[] = [];
  let size = 0;
  for (const s of sources) {
    const bytes = byteSize(s);
    if (current.length > 0 && size + bytes > maxShardBytes) {
      shards.push(current);
      current = [];
      size = 0;
    }
    current.push(s);
    size += bytes;
  }
  if (current.length > 0) shards.push(current);
  return shards;
}

export interface ShardedWriteOptions {
  readonly maxShardBytes: number;
  readonly metadata?: Record<string, string>;
}

/**
 * Writes a model folder's weights: one `model.safetensors` when everything fits in a shard, else
 * `model-0000i-of-0000n.safetensors` plus the index. Stale weight files of the other layout are
 * removed so loaders never pick an old one. Returns the file names written.
 */
export function writeShardedSafetensorsFrom(dir: string, sources: readonly TensorSource[], options: ShardedWriteOptions): string[] {
  const shards = planShards(sources, options.maxShardBytes);
  const index = join(dir, INDEX_FILE);
  if (shards.length <= 1) {
    writeSafetensorsFrom(join(dir, SINGLE_FILE), shards[0] ?? [], options.metadata);
    rmSync(index, { force: true });
    return [SINGLE_FILE];
  }
  const pad = (i: number) => String(i).padStart(5, '0');
  const names = shards.map((_, i) => `model-${pad(i + 1)}-of-${pad(shards.length)}.safetensors`);
  const weightMap: Record<string, string> = {};
  let total = 0;
  shards.forEach((shard, i) => {
    writeSafetensorsFrom(join(dir, names[i]!), shard, options.metadata);
    for (const s of shard) {
      weightMap[s.name] = names[i]!;
      total += byteSize(s);
    }
  });
  const sorted = Object.fromEntries(Object.entries(weightMap).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeTextAtomic(index, JSON.stringify({ metadata: { total_size: total }, weight_map: sorted }, null, 2) + '\n');
  rmSync(join(dir, SINGLE_FILE), { force: true });
  return names;
}

export function writeShardedSafetensors(dir: string, tensors: TensorInput, options: ShardedWriteOptions): string[] {
  return writeShardedSafetensorsFrom(dir, sourcesOf(tensors), options);
}
