import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTokenizer } from '../tokenizer/load.ts';
import { float32ToBf16Array } from './half.ts';
import { readModelConfig } from './hf-config.ts';
import { readSafetensors, readSafetensorsHeader } from './safetensors-file.ts';
import { INDEX_FILE, loadModelWeights } from './sharded-read.ts';
import { HF_FIXTURES, withTempDir } from './test-helpers.ts';
import { runTinyRandomCli, writeTinyRandomModel, type TinyRandomResult } from './tiny-random.ts';
import { parseTinyRandomOptions } from './tiny-random-options.ts';

// The fixture models' sizes: tiny-random must reproduce their layout exactly.
const GPT2 = { arch: 'gpt2', vocabSize: 512, hidden: 64, layers: 2, heads: 4, maxPositions: 64, seed: 3 } as const;
const LLAMA = { arch: 'llama', vocabSize: 512, hidden: 64, layers: 2, heads: 4, kvHeads: 2, intermediate: 128, maxPositions: 64, seed: 3 } as const;

function layout(path: string): Record<string, string> {
  const h = readSafetensorsHeader(path);
  return Object.fromEntries(h.entries.map((e) => [e.name, `${e.dtype} [${e.shape}]`]));
}

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

for (const [model, options] of [['tiny-gpt2', GPT2], ['tiny-llama', LLAMA]] as const) {
  test(`${options.arch}: config.json and every tensor name/shape match the transformers fixture`, () => {
    withTempDir((dir) => {
      const r: TinyRandomResult = writeTinyRandomModel(dir, options);
      assert.deepEqual(json(join(dir, 'config.json')), json(join(HF_FIXTURES, model, 'config.json')));
      assert.deepEqual(json(join(dir, 'generation_config.json')), json(join(HF_FIXTURES, model, 'generation_config.json')));
      assert.deepEqual(readModelConfig(dir), r.config);
      assert.deepEqual(layout(join(dir, 'model.safetensors')), layout(join(HF_FIXTURES, model, 'model.safetensors')));
      assert.deepEqual(readSafetensorsHeader(join(dir, 'model.safetensors')).metadata, { format: 'pt' });
      assert.deepEqual(r.files.sort(), ['config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
    });
  });
}

test('weights: N(0, 0.02) matrices, unit norms, zero biases; deterministic by seed', () => {
  withTempDir((dir) => {
    writeTinyRandomModel(join(dir, 'a'), GPT2);
    writeTinyRandomModel(join(dir, 'b'), GPT2);
    writeTinyRandomModel(join(dir, 'c'), { ...GPT2, seed: 4 });
    const bytes = (d: string) => readFileSync(join(dir, d, 'model.safetensors'));
    assert.ok(bytes('a').equals(bytes('b')), 'same seed, same bytes');
    assert.ok(!bytes('a').equals(bytes('c')), 'other seed, other weights');
    const t = readSafetensors(join(dir, 'a', 'model.safetensors')).tensors;
    assert.ok((t.get('transformer.ln_f.weight')!.data as Float32Array).every((x) => x === 1));
    assert.ok((t.get('transformer.h.1.attn.c_attn.bias')!.data as Float32Array).every((x) => x === 0));
    const w = t.get('transformer.wte.weight')!.data as Float32Array;
    const std = Math.sqrt(w.reduce((s, x) => s + x * x, 0) / w.length);
    assert.ok(Math.abs(std - 0.02) < 0.001, `std ${std}`);
    assert.notDeepEqual(t.get('transformer.h.0.attn.c_proj.weight')!.data, t.get('transformer.h.1.attn.c_proj.weight')!.data);
  });
});

test('bf16 and sharded variants hold the same values as the float32 single file', () => {
  withTempDir((dir) => {
    writeTinyRandomModel(join(dir, 'f32'), LLAMA);
    const r = writeTinyRandomModel(join(dir, 'bf16'), { ...LLAMA, dtype: 'bfloat16', shardBytes: 40_000 });
    assert.ok(r.files.includes(INDEX_FILE));
    assert.equal(readModelConfig(join(dir, 'bf16')).dtype, 'bfloat16');
    const f32 = loadModelWeights(join(dir, 'f32')).tensors;
    const bf16 = loadModelWeights(join(dir, 'bf16')).tensors;
    assert.deepEqual([...bf16.keys()].sort(), [...f32.keys()].sort());
    for (const [name, t] of f32) {
      assert.equal(bf16.get(name)!.dtype, 'bfloat16');
      assert.deepEqual(bf16.get(name)!.data, float32ToBf16Array(t.data as Float32Array), name);
    }
  });
});

test('qwen2 flavour and untied gpt2 add the right tensors', () => {
  withTempDir((dir) => {
    const q = writeTinyRandomModel(join(dir, 'q'), { ...LLAMA, modelType: 'qwen2', tieEmbeddings: true });
    const names = Object.keys(layout(join(dir, 'q', 'model.safetensors')));
    assert.ok(names.includes('model.layers.0.self_attn.q_proj.bias') && !names.includes('model.layers.0.self_attn.o_proj.bias'));
    assert.ok(!names.includes('lm_head.weight'));
    assert.deepEqual(readModelConfig(join(dir, 'q')), q.config);
    writeTinyRandomModel(join(dir, 'g'), { ...GPT2, tieEmbeddings: false });
    assert.equal(layout(join(dir, 'g', 'model.safetensors'))['lm_head.weight'], 'float32 [512,64]');
  });
});

test('the generated tokenizer has vocabSize ids, eos 0, and round-trips text', () => {
  withTempDir((dir) => {
    writeTinyRandomModel(dir, { ...GPT2, vocabSize: 1000 });
    const tok = loadTokenizer(dir);
    assert.equal(tok.vocabSize, 1000);
    assert.deepEqual([tok.bosTokenId, tok.eosTokenId], [0, 0]);
    for (const s of ['plain ASCII text.', 'ünïcödé 微调 🤖\n']) assert.equal(tok.decode(tok.encode(s)), s);
  });
});

test('options are validated, CLI strings are accepted', () => {
  withTempDir((dir) => {
    assert.throws(() => writeTinyRandomModel(dir, { ...GPT2, vocabSize: 200 }), /vocabSize must be at least 257/);
    assert.throws(() => writeTinyRandomModel(dir, { ...GPT2, heads: 3 }), /hidden[\s\S]*divisible by heads|divisible by heads[\s\S]*hidden/);
    assert.throws(() => writeTinyRandomModel(dir, { ...GPT2, kvHeads: 2 }), /gpt2 has no grouped-query attention/);
    assert.throws(() => writeTinyRandomModel(dir, { ...LLAMA, modelType: 'gpt2' }), /gpt2 is not a llama model type/);
    const r = writeTinyRandomModel(dir, parseTinyRandomOptions({
      arch: 'llama', vocabSize: '300', hidden: '32', layers: '1', heads: '2', maxPositions: '16', seed: '9', tieEmbeddings: 'true', dtype: 'float16',
    }));
    assert.deepEqual([r.config.vocabSize, r.config.intermediate, r.config.tieEmbeddings, r.config.dtype], [300, 88, true, 'float16']);
    const cli = runTinyRandomCli({ out: join(dir, 'cli'), arch: 'gpt2', 'vocab-size': '400', hidden: '16', layers: '1', heads: '2', 'max-positions': '8' });
    assert.deepEqual(readModelConfig(join(dir, 'cli')), cli.config);
    assert.throws(() => runTinyRandomCli({ arch: 'gpt2' }), /--out DIR is required/);
  });
});
