import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLossGraph, mulberry32, ParameterStore } from '@edgetune/core';
import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import { tinyModel } from '@edgetune/core/plugin/conformance-models.ts';
import full from './index.ts';

// Tiny models (vocab 300, hidden 32, 2 layers, 64 positions). GPT-2: MLP 128, tied head.
// Llama: MLP 88, KV width 16, untied lm_head.
const GPT2_LAYER = 64 + (32 * 96 + 96) + (32 * 32 + 32) + 64 + (32 * 128 + 128) + (128 * 32 + 32); // ln_1 c_attn c_proj ln_2 c_fc c_proj
const LLAMA_LAYER = 32 + 32 * 32 + 2 * 16 * 32 + 32 * 32 + 32 + 3 * 88 * 32; // norms, q k v o, gate up down
const GPT2_EMB = 300 * 32 + 64 * 32; // wte, wpe
const LLAMA_EMB = 2 * 300 * 32; // embed_tokens, lm_head

testMethodPlugin({
  plugin: full,
  validConfigs: [{}, { train_embeddings: false }],
  invalidConfigs: [{ train_embeddings: 'yes' }, { r: 8 }],
  expectedTrainable: (arch) => (arch === 'gpt2' ? GPT2_EMB + 2 * GPT2_LAYER + 64 : LLAMA_EMB + 2 * LLAMA_LAYER + 32),
});

function trainable(arch: 'gpt2' | 'llama', raw: unknown) {
  const params = new ParameterStore(mulberry32(1));
  buildLossGraph(tinyModel(arch), { batch: 1, seq: 4, method: { plugin: full, config: full.config.parse(raw) }, params });
  return params;
}

test('full: every tensor the model uses trains under its HF name, tied wte once', () => {
  const params = trainable('gpt2', {});
  assert.deepEqual([...params.values.keys()].sort(), [...tinyModel('gpt2').tensors.keys()].sort());
  // Initial values are the base weights themselves.
  const base = tinyModel('gpt2').tensors.get('transformer.h.1.mlp.c_fc.weight')!;
  assert.deepEqual(params.values.get('transformer.h.1.mlp.c_fc.weight')!.data, base.data);
});

test('full: train_embeddings=false leaves embeddings and lm_head frozen', () => {
  const names = [...trainable('llama', { train_embeddings: false }).values.keys()];
  assert.ok(!names.some((n) => n.includes('embed_tokens') || n.startsWith('lm_head')));
  assert.equal(names.length, 2 * 9 + 1);
});

test('full: the saved adapter is native (peft_type null) and holds HF names only', () => {
  const params = trainable('gpt2', {});
  const files = full.save({ method: 'full', config: full.config.parse({}), tensors: params.values });
  assert.equal(files.config.peft_type, null);
  assert.equal(files.config.edgetune_method, 'full');
  assert.ok([...files.tensors.keys()].every((k) => tinyModel('gpt2').tensors.has(k)));
  assert.equal(full.load({ config: { ...files.config, edgetune_method: 'lora' }, tensors: files.tensors }), undefined, 'another method\'s files');
  assert.throws(() => full.load({ config: { ...files.config, train_embeddings: 3 }, tensors: files.tensors }), /full: adapter_config.json is not a valid full config: train_embeddings/);
});
