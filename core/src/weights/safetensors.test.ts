import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { typedFrom, type DType } from '../graph/dtype.ts';
import { hostTensor, type HostTensor } from '../graph/host-tensor.ts';
import { fromFloat32 } from './half.ts';
import { readSafetensors, readSafetensorsHeader } from './safetensors-file.ts';
import { parseSafetensors } from './safetensors-parse.ts';
import { serializeSafetensors, writeSafetensors } from './safetensors-write.ts';
import { craftSafetensors, HF_FIXTURES, withTempDir } from './test-helpers.ts';

function sample(dtype: DType, shape: number[]): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = Array.from({ length: n }, (_, i) => (i % 7) - 3);
  if (dtype === 'float16' || dtype === 'bfloat16') return hostTensor(dtype, shape, fromFloat32(dtype, Float32Array.from(vals, (v) => v / 4)));
  if (dtype === 'uint8' || dtype === 'bool') return hostTensor(dtype, shape, typedFrom(dtype, vals.map((v) => (dtype === 'bool' ? v & 1 : v + 3))));
  if (dtype === 'int64') return hostTensor(dtype, shape, BigInt64Array.from(vals, (v) => BigInt(v) * 10_000_000_000n));
  return hostTensor(dtype, shape, typedFrom(dtype, vals.map((v) => (dtype.startsWith('float') ? v / 3 : v))));
}

const ALL: DType[] = ['float32', 'float16', 'bfloat16', 'float64', 'int64', 'int32', 'int8', 'uint8', 'bool'];
const tensors = new Map<string, HostTensor>(ALL.map((d, i) => [`t.${d}`, sample(d, i % 2 ? [3, 5] : [7])]));
tensors.set('empty', hostTensor('float32', [0, 4]));
tensors.set('scalar', hostTensor('int32', [], Int32Array.from([42])));

function assertSameTensors(a: Map<string, HostTensor>, b: ReadonlyMap<string, HostTensor>): void {
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [name, t] of b) {
    const got = a.get(name)!;
    assert.equal(got.dtype, t.dtype, name);
    assert.deepEqual(got.shape, t.shape, name);
    assert.deepEqual(got.data, t.data, name);
  }
}

test('round trip of every dtype through memory and through a file', () => {
  const meta = { format: 'pt', note: 'ünïcode' };
  const back = parseSafetensors(serializeSafetensors(tensors, meta));
  assertSameTensors(back.tensors, tensors);
  assert.deepEqual(back.metadata, meta);
  withTempDir((dir) => {
    const path = join(dir, 'all.safetensors');
    writeSafetensors(path, tensors, meta);
    const file = readSafetensors(path);
    assertSameTensors(file.tensors, tensors);
    assert.deepEqual(file.metadata, meta);
    assert.deepEqual(readdirSync(dir), ['all.safetensors'], 'no temp file left behind');
    const filtered = readSafetensors(path, { filter: (n) => n.startsWith('t.int') });
    assert.deepEqual([...filtered.tensors.keys()].sort(), ['t.int32', 't.int64', 't.int8']);
  });
});

test('writer lays out like the Rust writer: wide dtypes first, names sorted, header padded with spaces', () => {
  const bytes = serializeSafetensors(tensors);
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  assert.match(text, /^\{.*\} *$/);
  const order = Object.keys(JSON.parse(text));
  assert.deepEqual(order, ['t.int64', 't.float64', 'empty', 't.float32', 'scalar', 't.int32', 't.bfloat16', 't.float16', 't.int8', 't.uint8', 't.bool']);
  assert.ok(!text.includes('__metadata__'), 'no metadata key when none is given');
});

test('re-serializing the fixture checkpoints reproduces their bytes exactly', () => {
  for (const model of ['tiny-gpt2', 'tiny-llama']) {
    const original = new Uint8Array(readFileSync(join(HF_FIXTURES, model, 'model.safetensors')));
    const parsed = parseSafetensors(original, model);
    assert.deepEqual(parsed.metadata, { format: 'pt' });
    assert.deepEqual(serializeSafetensors(parsed.tensors, parsed.metadata), original, model);
  }
});

test('fixture checkpoints read with the shapes transformers wrote', () => {
  const gpt2 = readSafetensors(join(HF_FIXTURES, 'tiny-gpt2', 'model.safetensors')).tensors;
  assert.equal(gpt2.size, 28);
  assert.deepEqual(gpt2.get('transformer.wte.weight')!.shape, [512, 64]);
  assert.deepEqual(gpt2.get('transformer.h.1.attn.c_attn.weight')!.shape, [64, 192]);
  assert.deepEqual(gpt2.get('transformer.h.0.mlp.c_proj.weight')!.shape, [256, 64]);
  assert.ok(gpt2.get('transformer.ln_f.weight')!.data instanceof Float32Array);
  const llama = readSafetensors(join(HF_FIXTURES, 'tiny-llama', 'model.safetensors')).tensors;
  assert.equal(llama.size, 21);
  assert.deepEqual(llama.get('model.layers.0.self_attn.k_proj.weight')!.shape, [32, 64]);
  assert.deepEqual(llama.get('model.layers.1.mlp.down_proj.weight')!.shape, [64, 128]);
  assert.deepEqual(llama.get('lm_head.weight')!.shape, [512, 64]);
  const header = readSafetensorsHeader(join(HF_FIXTURES, 'tiny-llama', 'model.safetensors'));
  assert.equal(header.entries.length, 21);
  assert.equal(header.dataStart, 8 + 2144);
});

test('misaligned tensors are copied into aligned arrays; aligned ones are views', () => {
  // A 3-byte U8 tensor pushes the F32 tensor to data offset 3.
  const data = new Uint8Array(3 + 8);
  data.set([1, 2, 3]);
  new DataView(data.buffer).setFloat32(3, 1.5, true);
  new DataView(data.buffer).setFloat32(7, -2, true);
  const header = {
    a: { dtype: 'U8', shape: [3], data_offsets: [0, 3] },
    b: { dtype: 'F32', shape: [2], data_offsets: [3, 11] },
  };
  const bytes = craftSafetensors(JSON.stringify(header).padEnd(80, ' '), data);
  const out = parseSafetensors(bytes).tensors;
  assert.deepEqual(out.get('b')!.data, Float32Array.from([1.5, -2]));
  assert.notEqual(out.get('b')!.data.buffer, bytes.buffer, 'misaligned: copied');
  assert.equal(out.get('a')!.data.buffer, bytes.buffer, 'u8: a view');
  withTempDir((dir) => {
    writeFileSync(join(dir, 'm.safetensors'), bytes);
    assert.deepEqual(readSafetensors(join(dir, 'm.safetensors')).tensors.get('b')!.data, Float32Array.from([1.5, -2]));
  });
});

test('writer rejects tensors whose data does not match their dtype or shape', () => {
  assert.throws(() => serializeSafetensors({ x: { dtype: 'float16', shape: [2], data: new Float32Array(2) } }), /'x' is float16 but holds a Float32Array/);
  assert.throws(() => serializeSafetensors({ x: { dtype: 'float32', shape: [3], data: new Float32Array(2) } }), /'x' has 2 elements, shape \[3\] needs 3/);
  assert.throws(() => serializeSafetensors({ __metadata__: hostTensor('float32', [1]) }), /reserved/);
});
