import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildLossGraph, buildStepGraph, mulberry32, ParameterStore } from '@edgetune/core';
import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import { tinyModel } from '@edgetune/core/plugin/conformance-models.ts';
import frozen, { globToRegExp } from './index.ts';

// Tiny models: 2 layers, hidden 32; GPT-2 MLP 128, Llama MLP 88 and KV width 16.
const GPT2_LAYER = 64 + (32 * 96 + 96) + (32 * 32 + 32) + 64 + (32 * 128 + 128) + (128 * 32 + 32);
const LLAMA_LAYER = 32 + 32 * 32 + 2 * 16 * 32 + 32 * 32 + 32 + 3 * 88 * 32;

testMethodPlugin({
  plugin: frozen,
  validConfigs: [
    { mode: 'top_layers', layers: 1 },
    {},
    { mode: 'patterns', patterns: ['transformer.h.*.attn.*'] },
    { mode: 'patterns', patterns: ['model\\.layers\\.\\d+\\..*'], pattern_syntax: 'regex' },
    { mode: 'bitfit' },
    { mode: 'layernorm' },
  ],
  invalidConfigs: [{ mode: 'everything' }, { layers: 0 }, { mode: 'patterns' }, { mode: 'patterns', patterns: ['(('], pattern_syntax: 'regex' }, { layer: 2 }],
  expectedTrainable: (arch) => (arch === 'gpt2' ? GPT2_LAYER + 64 : LLAMA_LAYER + 32), // top block + final norm
});

function trainableNames(arch: 'gpt2' | 'llama', raw: unknown): string[] {
  const params = new ParameterStore(mulberry32(1));
  buildLossGraph(tinyModel(arch), { batch: 1, seq: 4, method: { plugin: frozen, config: frozen.config.parse(raw) }, params });
  return [...params.values.keys()].sort();
}

describe('frozen: trainable sets per mode', () => {
  test('top_layers without the final norm trains exactly the last blocks', () => {
    const names = trainableNames('gpt2', { layers: 1, final_norm: false });
    assert.equal(names.length, 12);
    assert.ok(names.every((n) => n.startsWith('transformer.h.1.')), names.join());
    assert.equal(trainableNames('llama', { layers: 5 }).filter((n) => n.startsWith('model.layers.')).length, 2 * 9, 'more layers than the model: all blocks');
  });

  test('glob patterns match HF names with fnmatch semantics', () => {
    assert.deepEqual(trainableNames('gpt2', { mode: 'patterns', patterns: ['transformer.h.*.attn.c_attn.*'] }), [
      'transformer.h.0.attn.c_attn.bias', 'transformer.h.0.attn.c_attn.weight', 'transformer.h.1.attn.c_attn.bias', 'transformer.h.1.attn.c_attn.weight',
    ]);
    assert.deepEqual(trainableNames('llama', { mode: 'patterns', patterns: ['model.layers.[!0].mlp.down_proj.weight', 'model.norm.weight'] }), [
      'model.layers.1.mlp.down_proj.weight', 'model.norm.weight',
    ]);
  });

  test('regex patterns must match the whole name', () => {
    assert.deepEqual(trainableNames('llama', { mode: 'patterns', pattern_syntax: 'regex', patterns: ['model\\.layers\\.\\d+\\.self_attn\\.(q|v)_proj\\.weight'] }), [
      'model.layers.0.self_attn.q_proj.weight', 'model.layers.0.self_attn.v_proj.weight', 'model.layers.1.self_attn.q_proj.weight', 'model.layers.1.self_attn.v_proj.weight',
    ]);
    assert.deepEqual(trainableNames('llama', { mode: 'patterns', pattern_syntax: 'regex', patterns: ['q_proj'] }), [], 'a partial match is no match');
  });

  test('bitfit trains every bias (including LayerNorm biases) and nothing else', () => {
    const names = trainableNames('gpt2', { mode: 'bitfit' });
    assert.equal(names.length, 2 * 6 + 1);
    assert.ok(names.every((n) => n.endsWith('.bias')));
  });

  test('bitfit on a model without biases says there is nothing to train', () => {
    assert.deepEqual(trainableNames('llama', { mode: 'bitfit' }), []);
    assert.throws(() => buildStepGraph(tinyModel('llama'), {
      batch: 1, seq: 4, params: new ParameterStore(), method: { plugin: frozen, config: frozen.config.parse({ mode: 'bitfit' }) },
      optimizer: { type: 'sgd', lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 }, schedule: { type: 'constant', warmupSteps: 0, totalSteps: 1, minRatio: 0 },
    }), /no trainable tensors/);
  });

  test('layernorm trains every norm weight and bias', () => {
    assert.deepEqual(trainableNames('gpt2', { mode: 'layernorm' }), [
      'transformer.h.0.ln_1.bias', 'transformer.h.0.ln_1.weight', 'transformer.h.0.ln_2.bias', 'transformer.h.0.ln_2.weight',
      'transformer.h.1.ln_1.bias', 'transformer.h.1.ln_1.weight', 'transformer.h.1.ln_2.bias', 'transformer.h.1.ln_2.weight',
      'transformer.ln_f.bias', 'transformer.ln_f.weight',
    ]);
    assert.deepEqual(trainableNames('llama', { mode: 'layernorm' }), [
      'model.layers.0.input_layernorm.weight', 'model.layers.0.post_attention_layernorm.weight',
      'model.layers.1.input_layernorm.weight', 'model.layers.1.post_attention_layernorm.weight', 'model.norm.weight',
    ]);
  });
});

test('globToRegExp escapes regex characters and supports classes', () => {
  assert.ok(globToRegExp('a.b*').test('a.bcd'));
  assert.ok(!globToRegExp('a.b').test('axb'));
  assert.ok(globToRegExp('h.[01].x').test('h.1.x'));
  assert.ok(!globToRegExp('h.[!01].x').test('h.1.x'));
  assert.ok(globToRegExp('a(b)+?').test('a(b)+z'));
});
