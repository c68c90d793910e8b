import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildLossGraph, loadBaseModel, ParameterStore, readAdapterDir, readSafetensors, runForward, toFloat32 } from '@edgetune/core';
import { HF_FIXTURES, maxAbs, relError, tinyModel } from '@edgetune/core/plugin/conformance-models.ts';
import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import { loadTokenizer } from '@edgetune/core/tokenizer/index.ts';
import promptTuning, { EMBEDDING, PromptTuningConfig } from './index.ts';

// Tiny models: hidden 32, so P virtual tokens are P * 32 trainable numbers on either architecture.
// The first config drives the suite's finite-difference check. SAMPLE_VOCAB starts at token-scale embeddings;
// from RANDOM's N(0, 1) the tiny random models barely react to the prompt (d loss ~ 1e-3), which is below what a
// float32 central difference at eps 1e-3 resolves. RANDOM's gradients are checked against PEFT's below instead.
testMethodPlugin({
  plugin: promptTuning,
  validConfigs: [
    { num_virtual_tokens: 4, prompt_tuning_init: 'SAMPLE_VOCAB' },
    {},
    { num_virtual_tokens: 4 },
    { prompt_tuning_init: 'TEXT', prompt_tuning_init_text: 'Classify:', tokenizer_name_or_path: 'gpt2' },
  ],
  invalidConfigs: [
    { num_virtual_tokens: 0 },
    { prompt_tuning_init: 'TEXT', prompt_tuning_init_text: 'x' }, // PEFT needs tokenizer_name_or_path
    { prompt_tuning_init: 'TEXT', tokenizer_name_or_path: 'gpt2' }, // and the text
    { tokenizer_kwargs: { use_fast: true } }, // only with TEXT
    { num_transformer_submodules: 2 },
    { modules_to_save: ['lm_head'] },
    { prompt_tuning_init: 'ZEROS' },
  ],
  expectedTrainable: () => 4 * 32,
  fixtures: [{ model: 'tiny-gpt2', adapter: 'prompt-tuning' }, { model: 'tiny-llama', adapter: 'prompt-tuning' }],
});

for (const model of ['tiny-gpt2', 'tiny-llama']) {
  const dir = join(HF_FIXTURES, model, 'adapters', 'prompt-tuning');

  test(`${model}/prompt-tuning: logits include the 4 virtual positions and match PEFT`, async () => {
    const exp = readSafetensors(join(dir, 'expected', 'expected.safetensors')).tensors;
    const state = promptTuning.load(readAdapterDir(dir))!;
    const out = await runForward({ model: loadBaseModel(join(HF_FIXTURES, model)), adapter: { plugin: promptTuning, state }, inputIds: exp.get('input_ids')!, grads: true });
    assert.deepEqual(out.get('logits')!.shape, [2, 16, 512]);
    assert.ok(maxAbs(out.get('logits')!, exp.get('logits')!) <= 1e-4);
    assert.ok(Math.abs(Number(out.get('loss')!.data[0]) - Number(exp.get('loss')!.data[0])) <= 1e-5);
    const k = `grad.${EMBEDDING}`;
    assert.ok(relError(out.get(k)!, exp.get(k)!) <= 1e-3);
  });

  test(`${model}/prompt-tuning: save(load(PEFT files)) reproduces PEFT's config and tensor`, () => {
    const files = readAdapterDir(dir);
    const saved = promptTuning.save(promptTuning.load(files)!);
    assert.deepEqual(saved.config, JSON.parse(readFileSync(join(dir, 'adapter_config.json'), 'utf8')));
    assert.deepEqual([...saved.tensors.keys()], ['prompt_embeddings']);
    assert.deepEqual(saved.tensors.get('prompt_embeddings')!.data, files.tensors.get('prompt_embeddings')!.data);
  });
}

/** Builds the graph once so the parameter store initializes the table, and returns it [P, C]. */
function initialTable(modelDir: string | 'gpt2', raw: unknown): { table: Float32Array; wte: Float32Array; dim: number } {
  const model = modelDir === 'gpt2' ? tinyModel('gpt2') : loadBaseModel(modelDir);
  const params = new ParameterStore(() => 0.37);
  buildLossGraph(model, { batch: 1, seq: 4, params, method: { plugin: promptTuning, config: PromptTuningConfig.parse(raw) } });
  const wte = toFloat32(model.tensors.get('transformer.wte.weight')!);
  return { table: params.values.get(EMBEDDING)!.data as Float32Array, wte, dim: model.config.hidden };
}

const row = (t: Float32Array, i: number, dim: number) => [...t.subarray(i * dim, (i + 1) * dim)];

test('TEXT init from prompt_tuning_init_ids: token embeddings, repeated to P as PEFT does', () => {
  const { table, wte, dim } = initialTable('gpt2', {
    num_virtual_tokens: 5, prompt_tuning_init: 'TEXT', prompt_tuning_init_text: 'ab', tokenizer_name_or_path: 'unused', prompt_tuning_init_ids: [7, 42],
  });
  [7, 42, 7, 42, 7].forEach((id, p) => assert.deepEqual(row(table, p, dim), row(wte, id, dim)));
});

test('TEXT init tokenizes prompt_tuning_init_text with a local tokenizer folder, cut to P', () => {
  const modelDir = join(HF_FIXTURES, 'tiny-gpt2');
  const text = 'Classify the sentiment of this review, please.';
  const ids = loadTokenizer(modelDir).encode(text);
  assert.ok(ids.length > 3);
  const { table, wte, dim } = initialTable(modelDir, { num_virtual_tokens: 3, prompt_tuning_init: 'TEXT', prompt_tuning_init_text: text, tokenizer_name_or_path: modelDir });
  ids.slice(0, 3).forEach((id, p) => assert.deepEqual(row(table, p, dim), row(wte, id, dim)));
});

test('SAMPLE_VOCAB init copies embeddings of random vocabulary tokens', () => {
  const { table, wte, dim } = initialTable('gpt2', { num_virtual_tokens: 2, prompt_tuning_init: 'SAMPLE_VOCAB' });
  const id = Math.floor(0.37 * 300); // the fixed rand() above, vocabulary 300
  assert.deepEqual(row(table, 0, dim), row(wte, id, dim));
  assert.deepEqual(row(table, 1, dim), row(wte, id, dim));
});

test('a token_dim that is not the model width is rejected', () => {
  const params = new ParameterStore();
  assert.throws(
    () => buildLossGraph(tinyModel('llama'), { batch: 1, seq: 4, params, method: { plugin: promptTuning, config: PromptTuningConfig.parse({ token_dim: 64 }) } }),
    /token_dim 64 differs from the model's hidden size 32/,
  );
});
