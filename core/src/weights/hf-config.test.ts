import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configToHf, parseModelConfig, readModelConfig } from './hf-config.ts';
import type { ModelConfig } from './model-config.ts';
import { HF_FIXTURES } from './test-helpers.ts';

const fixtureJson = (model: string) => JSON.parse(readFileSync(join(HF_FIXTURES, model, 'config.json'), 'utf8'));

const tokens = { bosTokenId: 0, eosTokenId: 0, eosTokenIds: [0], padTokenId: null, initializerRange: 0.02, dtype: 'float32' } as const;

test('the tiny-gpt2 fixture config parses to the normalized config', () => {
  assert.deepEqual(readModelConfig(join(HF_FIXTURES, 'tiny-gpt2')), {
    arch: 'gpt2', modelType: 'gpt2', vocabSize: 512, hidden: 64, layers: 2, heads: 4, kvHeads: 4, headDim: 16,
    intermediate: 256, maxPositions: 64, normEps: 1e-5, ropeTheta: null, ropeScaling: null, slidingWindow: null,
    tieEmbeddings: true, qkvBias: true, oBias: true, mlpBias: true, activation: 'gelu_new', ...tokens,
  } satisfies ModelConfig);
});

test('the tiny-llama fixture config (transformers 5 rope_parameters) parses to the normalized config', () => {
  assert.deepEqual(readModelConfig(join(HF_FIXTURES, 'tiny-llama')), {
    arch: 'llama', modelType: 'llama', vocabSize: 512, hidden: 64, layers: 2, heads: 4, kvHeads: 2, headDim: 16,
    intermediate: 128, maxPositions: 64, normEps: 1e-5, ropeTheta: 10000, ropeScaling: null, slidingWindow: null,
    tieEmbeddings: false, qkvBias: false, oBias: false, mlpBias: false, activation: 'silu', ...tokens,
  } satisfies ModelConfig);
});

test('configToHf writes exactly the fields transformers wrote for the fixtures', () => {
  for (const model of ['tiny-gpt2', 'tiny-llama']) {
    const raw = fixtureJson(model);
    assert.deepEqual(configToHf(parseModelConfig(raw)), raw, model);
  }
});

const qwen2 = {
  architectures: ['Qwen2ForCausalLM'], attention_dropout: 0.0, bos_token_id: 151643, eos_token_id: 151643, hidden_act: 'silu',
  hidden_size: 896, initializer_range: 0.02, intermediate_size: 4864, max_position_embeddings: 32768, max_window_layers: 24,
  model_type: 'qwen2', num_attention_heads: 14, num_hidden_layers: 24, num_key_value_heads: 2, rms_norm_eps: 1e-6,
  rope_theta: 1000000.0, sliding_window: 32768, tie_word_embeddings: true, torch_dtype: 'bfloat16',
  transformers_version: '4.40.1', use_cache: true, use_sliding_window: false, vocab_size: 151936,
};

test('a Qwen2 config: q/k/v bias without o bias, head_dim derived, transformers 4 rope_theta', () => {
  const c = parseModelConfig(qwen2);
  assert.equal(c.arch, 'llama');
  assert.equal(c.modelType, 'qwen2');
  assert.equal(c.headDim, 64);
  assert.equal(c.kvHeads, 2);
  assert.equal(c.ropeTheta, 1e6);
  assert.deepEqual([c.qkvBias, c.oBias, c.mlpBias], [true, false, false]);
  assert.equal(c.tieEmbeddings, true);
  assert.equal(c.slidingWindow, null);
  assert.equal(c.dtype, 'bfloat16');
  assert.equal(c.normEps, 1e-6);
  assert.throws(() => parseModelConfig({ ...qwen2, use_sliding_window: true }), /qwen2 sliding-window attention is not supported/);
});

const mistral = {
  architectures: ['MistralForCausalLM'], attention_dropout: 0.0, bos_token_id: 1, eos_token_id: 2, head_dim: null, hidden_act: 'silu',
  hidden_size: 4096, initializer_range: 0.02, intermediate_size: 14336, max_position_embeddings: 32768, model_type: 'mistral',
  num_attention_heads: 32, num_hidden_layers: 32, num_key_value_heads: 8, rms_norm_eps: 1e-5, rope_theta: 1000000.0,
  sliding_window: 4096, tie_word_embeddings: false, torch_dtype: 'bfloat16', transformers_version: '4.42.0', use_cache: true, vocab_size: 32768,
};

test('a Mistral config: GQA, sliding window, no biases, null head_dim', () => {
  const c = parseModelConfig(mistral);
  assert.deepEqual(
    [c.arch, c.modelType, c.headDim, c.kvHeads, c.intermediate, c.slidingWindow, c.ropeTheta, c.bosTokenId, c.eosTokenId],
    ['llama', 'mistral', 128, 8, 14336, 4096, 1e6, 1, 2],
  );
  assert.deepEqual([c.qkvBias, c.oBias, c.mlpBias, c.tieEmbeddings], [false, false, false, false]);
});

const llama32 = {
  architectures: ['LlamaForCausalLM'], attention_bias: false, attention_dropout: 0.0, bos_token_id: 128000,
  eos_token_id: [128001, 128008, 128009], head_dim: 64, hidden_act: 'silu', hidden_size: 2048, initializer_range: 0.02,
  intermediate_size: 8192, max_position_embeddings: 131072, mlp_bias: false, model_type: 'llama', num_attention_heads: 32,
  num_hidden_layers: 16, num_key_value_heads: 8, pretraining_tp: 1, rms_norm_eps: 1e-5,
  rope_scaling: { factor: 32.0, high_freq_factor: 4.0, low_freq_factor: 1.0, original_max_position_embeddings: 8192, rope_type: 'llama3' },
  rope_theta: 500000.0, tie_word_embeddings: true, torch_dtype: 'bfloat16', use_cache: true, vocab_size: 128256,
};
const llama3Scaling = { factor: 32, high_freq_factor: 4, low_freq_factor: 1, original_max_position_embeddings: 8192, rope_type: 'llama3' };

test('Llama 3 rope scaling reads the same from transformers 4 rope_scaling and 5 rope_parameters', () => {
  const v4 = parseModelConfig(llama32);
  assert.equal(v4.ropeTheta, 500000);
  assert.deepEqual(v4.ropeScaling, llama3Scaling);
  assert.deepEqual(v4.eosTokenIds, [128001, 128008, 128009]);
  assert.equal(v4.eosTokenId, 128001);
  const { rope_scaling: _s, rope_theta: _t, ...rest } = llama32;
  const v5 = parseModelConfig({ ...rest, rope_parameters: { ...llama3Scaling, rope_theta: 500000 } });
  assert.deepEqual(v5, v4);
  const legacy = parseModelConfig({ ...llama32, rope_scaling: { type: 'linear', factor: 2 } });
  assert.deepEqual(legacy.ropeScaling, { rope_type: 'linear', factor: 2 });
});

test('configToHf then parse is the identity for every family', () => {
  for (const raw of [fixtureJson('tiny-gpt2'), fixtureJson('tiny-llama'), qwen2, mistral, llama32, { ...fixtureJson('tiny-gpt2'), n_inner: 100, eos_token_id: [0, 1] }]) {
    const c = parseModelConfig(raw);
    assert.deepEqual(parseModelConfig(configToHf(c)), c, `${raw.model_type}`);
  }
  const hf = configToHf(parseModelConfig(llama32));
  assert.deepEqual(hf.rope_parameters, { ...llama3Scaling, rope_theta: 500000 });
  assert.ok(!('rope_scaling' in hf) && !('rope_theta' in hf));
});

test('configToHf refuses configs a model_type cannot express', () => {
  const llama = parseModelConfig(fixtureJson('tiny-llama'));
  assert.throws(() => configToHf({ ...llama, qkvBias: true }), /llama cannot express qkvBias=true oBias=false/);
  const gpt2 = parseModelConfig(fixtureJson('tiny-gpt2'));
  assert.throws(() => configToHf({ ...gpt2, kvHeads: 2 }), /gpt2 cannot express kvHeads != heads/);
});

test('unknown or missing model_type names the supported ones', () => {
  assert.throws(() => parseModelConfig({ model_type: 'bert', hidden_size: 8 }, 'x/config.json'),
    /^Error: x\/config\.json: unsupported model_type "bert" \(supported: gpt2, llama, mistral, qwen2\)$/);
  assert.throws(() => parseModelConfig({ hidden_size: 8 }), /missing model_type \(supported: gpt2, llama, mistral, qwen2\)/);
  assert.throws(() => parseModelConfig(null), /missing model_type/);
});

test('invalid fields are reported by name', () => {
  const gpt2 = fixtureJson('tiny-gpt2');
  assert.throws(() => parseModelConfig({ ...gpt2, n_head: 'four' }), /invalid gpt2 config[\s\S]*at n_head/);
  assert.throws(() => parseModelConfig({ ...gpt2, n_head: 5 }), /n_embd must be divisible by n_head/);
  assert.throws(() => parseModelConfig({ ...gpt2, activation_function: 'mish' }), /at activation_function/);
  assert.throws(() => parseModelConfig({ ...gpt2, scale_attn_by_inverse_layer_idx: true }), /only scale_attn_by_inverse_layer_idx: false is supported/);
  const { vocab_size: _v, ...noVocab } = fixtureJson('tiny-llama');
  assert.throws(() => parseModelConfig(noVocab), /invalid llama config[\s\S]*at vocab_size/);
  assert.throws(() => parseModelConfig({ ...fixtureJson('tiny-llama'), num_key_value_heads: 3 }), /must divide num_attention_heads/);
  assert.equal(parseModelConfig({ ...gpt2, activation_function: 'swish' }).activation, 'silu');
});
