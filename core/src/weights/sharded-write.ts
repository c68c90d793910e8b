// Writing a model folder's weights, sharded by size the way huggingface_hub does.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeTextAtomic } from './atomic-write.ts';
import type { TensorInput } from './safetensors-format.ts';
import { byteSize, sourcesOf, writeSafetensorsFrom, type TensorSource } from './safetensors-write.ts';
import { INDEX_FILE, SINGLE_FILE } from './sharded-read.ts';

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
