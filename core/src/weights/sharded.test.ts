import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensors } from './safetensors-file.ts';
import { INDEX_FILE, SINGLE_FILE, loadModelWeights } from './sharded-read.ts';
import { planShards, writeShardedSafetensors } from './sharded-write.ts';
import { sourcesOf, writeSafetensors } from './safetensors-write.ts';
import { HF_FIXTURES, withTempDir } from './test-helpers.ts';

const fixture = readSafetensors(join(HF_FIXTURES, 'tiny-llama', 'model.safetensors'));

function assertSame(a: ReadonlyMap<string, { shape: readonly number[]; data: unknown }>, b: typeof a): void {
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [k, t] of a) assert.deepEqual(t.data, b.get(k)!.data, k);
}

test('a sharded write reads back equal to the single file, with an HF-style index', () => {
  withTempDir((dir) => {
    const files = writeShardedSafetensors(dir, fixture.tensors, { maxShardBytes: 100_000, metadata: { format: 'pt' } });
    assert.ok(files.length > 3);
    assert.equal(files[0], `model-00001-of-${String(files.length).padStart(5, '0')}.safetensors`);
    assert.ok(!existsSync(join(dir, SINGLE_FILE)));
    const index = JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8'));
    let total = 0;
    for (const t of fixture.tensors.values()) total += t.data.byteLength;
    assert.equal(index.metadata.total_size, total);
    assert.deepEqual(Object.keys(index.weight_map), [...fixture.tensors.keys()].sort());
    const loaded = loadModelWeights(dir);
    assertSame(loaded.tensors, fixture.tensors);
    assert.deepEqual(loaded.metadata, { format: 'pt' });
    for (const f of files) assert.ok(readFileSync(join(dir, f)).length <= 100_000 + 2_000 || readSafetensors(join(dir, f)).tensors.size === 1);
  });
});

test('planShards starts a new shard when the next tensor would not fit, and isolates oversized tensors', () => {
  const sources = sourcesOf(fixture.tensors);
  const shards = planShards(sources, 140_000);
  assert.deepEqual(shards.flat().map((s) => s.name), sources.map((s) => s.name), 'order kept');
  assert.equal(shards[0]!.length, 1); // lm_head (131072 bytes) then embed_tokens would pass the limit
  assert.throws(() => planShards(sources, 0), /must be positive/);
});

test('everything in one shard writes model.safetensors and drops a stale index', () => {
  withTempDir((dir) => {
    writeShardedSafetensors(dir, fixture.tensors, { maxShardBytes: 1_000 });
    assert.ok(existsSync(join(dir, INDEX_FILE)));
    assert.deepEqual(writeShardedSafetensors(dir, fixture.tensors, { maxShardBytes: 1e9 }), [SINGLE_FILE]);
    assert.ok(!existsSync(join(dir, INDEX_FILE)));
    assertSame(loadModelWeights(dir).tensors, fixture.tensors);
  });
});

test('loadModelWeights prefers model.safetensors and explains a folder with neither', () => {
  withTempDir((dir) => {
    assert.throws(() => loadModelWeights(dir), /no model\.safetensors or model\.safetensors\.index\.json/);
    copyFileSync(join(HF_FIXTURES, 'tiny-gpt2', 'model.safetensors'), join(dir, SINGLE_FILE));
    writeFileSync(join(dir, INDEX_FILE), '{"weight_map": {}}');
    assert.equal(loadModelWeights(dir).tensors.size, 28);
  });
});

test('bad indexes are rejected: escaping paths, missing tensors, duplicates, bad JSON', () => {
  withTempDir((dir) => {
    const write = (index: unknown) => writeFileSync(join(dir, INDEX_FILE), typeof index === 'string' ? index : JSON.stringify(index));
    writeSafetensors(join(dir, 'a.safetensors'), { x: fixture.tensors.get('model.norm.weight')! });
    writeSafetensors(join(dir, 'b.safetensors'), { x: fixture.tensors.get('model.norm.weight')! });
    write({ weight_map: { x: '../a.safetensors' } });
    assert.throws(() => loadModelWeights(dir), /same folder[\s\S]*at weight_map\.x/);
    write({ weight_map: { x: 'a.safetensors', y: 'a.safetensors' } });
    assert.throws(() => loadModelWeights(dir), /tensor 'y' is mapped to a\.safetensors but that shard does not hold it/);
    writeSafetensors(join(dir, 'c.safetensors'), { y: fixture.tensors.get('model.norm.weight')! });
    write({ weight_map: { x: 'c.safetensors', y: 'a.safetensors' } });
    assert.throws(() => loadModelWeights(dir), /tensor 'x' is mapped to c\.safetensors but that shard does not hold it/);
    write({ weight_map: { x: 'a.safetensors', z: 'b.safetensors' } });
    assert.throws(() => loadModelWeights(dir), /tensor 'x' appears in more than one shard/);
    write('{"weight_map": ');
    assert.throws(() => loadModelWeights(dir), /not valid JSON/);
    assert.deepEqual(readdirSync(dir).sort(), ['a.safetensors', 'b.safetensors', 'c.safetensors', INDEX_FILE]);
  });
});
