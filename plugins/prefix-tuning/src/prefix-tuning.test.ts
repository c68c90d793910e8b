import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  buildLossGraph, hostTensor, loadBaseModel, mulberry32, ParameterStore, readAdapterDir, readSafetensors, runForward,
  type AdapterState, type HostTensor,
} from '@edgetune/core';
import { HF_FIXTURES, maxAbs, relError, sampleIds, tinyModel } from '@edgetune/core/plugin/conformance-models.ts';
import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import prefixTuning, { EMBEDDING, PrefixTuningConfig } from './index.ts';

// Tiny models: 2 layers; GPT-2 keys are 4 heads x 8 = 32 wide, Llama's 2 KV heads x 8 = 16 (GQA).
// With P = 4 and projection width 8: embedding P*td, Linear(td, 8), Linear(8, 2*2*td).
const projected = (td: number) => 4 * td + (td * 8 + 8) + (8 * 4 * td + 4 * td);
testMethodPlugin({
  plugin: prefixTuning,
  // The projected prefix first: the suite's eps-1e-3 float32 difference cannot resolve the raw N(0, 1) prefix's
  // small directional derivative on the tiny Llama (~3e-3); that path is checked at eps 1e-2 and against PEFT below.
  validConfigs: [{ num_virtual_tokens: 4, prefix_projection: true, encoder_hidden_size: 8 }, { num_virtual_tokens: 4 }, {}, { init_weights: 'zero' }],
  invalidConfigs: [
    { num_virtual_tokens: 0 }, { init_weights: 'ones' }, { num_transformer_submodules: 2 }, { encoder_hidden_size: 0 },
    { modules_to_save: ['lm_head'] }, { task_type: 'SEQ_2_SEQ_LM' },
  ],
  expectedTrainable: (arch) => projected(arch === 'gpt2' ? 32 : 16),
  fixtures: [{ model: 'tiny-gpt2', adapter: 'prefix-tuning' }, { model: 'tiny-llama', adapter: 'prefix-tuning' }],
});

for (const model of ['tiny-gpt2', 'tiny-llama']) {
  const dir = join(HF_FIXTURES, model, 'adapters', 'prefix-tuning');

  test(`${model}/prefix-tuning: past key/values of length 4, logits for the real tokens only, match PEFT`, async () => {
    const exp = readSafetensors(join(dir, 'expected', 'expected.safetensors')).tensors;
    const state = prefixTuning.load(readAdapterDir(dir))!;
    const out = await runForward({ model: loadBaseModel(join(HF_FIXTURES, model)), adapter: { plugin: prefixTuning, state }, inputIds: exp.get('input_ids')!, grads: true });
    assert.deepEqual(out.get('logits')!.shape, [2, 12, 512]);
    assert.ok(maxAbs(out.get('logits')!, exp.get('logits')!) <= 1e-4);
    assert.ok(Math.abs(Number(out.get('loss')!.data[0]) - Number(exp.get('loss')!.data[0])) <= 1e-5);
    assert.ok(relError(out.get(`grad.${EMBEDDING}`)!, exp.get(`grad.${EMBEDDING}`)!) <= 1e-3);
  });

  test(`${model}/prefix-tuning: save(load(PEFT files)) reproduces PEFT's config and tensor`, () => {
    const files = readAdapterDir(dir);
    const saved = prefixTuning.save(prefixTuning.load(files)!);
    assert.deepEqual(saved.config, JSON.parse(readFileSync(join(dir, 'adapter_config.json'), 'utf8')));
    assert.deepEqual([...saved.tensors.keys()], ['prompt_embeddings']);
    assert.deepEqual(saved.tensors.get('prompt_embeddings')!.data, files.tensors.get('prompt_embeddings')!.data);
  });
}

/** A freshly initialized adapter on a tiny model, nudged off its init. */
function initialState(raw: unknown, arch: 'gpt2' | 'llama'): AdapterState<PrefixTuningConfig> {
  const config = PrefixTuningConfig.parse(raw);
  const params = new ParameterStore(mulberry32(21));
  buildLossGraph(tinyModel(arch), { batch: 2, seq: 8, params, method: { plugin: prefixTuning, config } });
  const rand = mulberry32(22);
  for (const [k, t] of params.values) params.values.set(k, hostTensor('float32', t.shape, Float32Array.from(t.data as Float32Array, (x) => x + (rand() - 0.5) * 0.1)));
  return { method: 'prefix-tuning', config, tensors: params.values };
}

/** d loss along a random direction: the analytic gradient vs a central difference. */
async function directional(state: AdapterState<PrefixTuningConfig>, arch: 'gpt2' | 'llama', eps: number) {
  const model = tinyModel(arch);
  const inputIds = sampleIds();
  const rand = mulberry32(23);
  const dirs = new Map([...state.tensors].map(([k, t]) => [k, Float32Array.from(t.data as Float32Array, () => rand() * 2 - 1)]));
  const shifted = (s: number) => ({ ...state, tensors: new Map([...state.tensors].map(([k, t]): [string, HostTensor] => [k, hostTensor('float32', t.shape, Float32Array.from(t.data as Float32Array, (x, i) => x + s * dirs.get(k)![i]!))])) });
  const loss = async (s: number) => Number((await runForward({ model, adapter: { plugin: prefixTuning, state: shifted(s) }, inputIds })).get('loss')!.data[0]);
  const out = await runForward({ model, adapter: { plugin: prefixTuning, state }, inputIds, grads: true });
  let analytic = 0;
  for (const [k, d] of dirs) (out.get(`grad.${k}`)!.data as Float32Array).forEach((g, i) => (analytic += g * d[i]!));
  return { analytic, numeric: ((await loss(eps)) - (await loss(-eps))) / (2 * eps) };
}

for (const arch of ['gpt2', 'llama'] as const) {
  test(`${arch}: the raw prefix (P-tuning v2) gradient matches a central difference at eps 1e-2`, async () => {
    const { analytic, numeric } = await directional(initialState({ num_virtual_tokens: 4 }, arch), arch, 1e-2);
    assert.ok(Math.abs(analytic - numeric) <= 2e-2 * Math.abs(numeric), `analytic ${analytic}, numeric ${numeric}`);
  });

  test(`${arch}: a projected prefix served from its saved prompt_embeddings (as PEFT does) gives the same logits`, async () => {
    const state = initialState({ num_virtual_tokens: 3, prefix_projection: true, encoder_hidden_size: 8 }, arch);
    const files = prefixTuning.save(state);
    assert.equal(files.config.inference_mode, true);
    assert.deepEqual([...files.tensors.keys()].sort(), ['edgetune.prompt_encoder.embedding.weight', 'edgetune.prompt_encoder.transform.0.bias', 'edgetune.prompt_encoder.transform.0.weight', 'edgetune.prompt_encoder.transform.2.bias', 'edgetune.prompt_encoder.transform.2.weight', 'prompt_embeddings']);
    const resumed = prefixTuning.load(files)!;
    assert.equal(resumed.config.inference_mode, false, 'edgetune files keep the projection, so training can resume');
    const peftView = prefixTuning.load({ config: files.config, tensors: new Map([['prompt_embeddings', files.tensors.get('prompt_embeddings')!]]) })!;
    assert.deepEqual([...peftView.tensors.keys()], [EMBEDDING]);
    const model = tinyModel(arch);
    const inputIds = sampleIds();
    const a = await runForward({ model, adapter: { plugin: prefixTuning, state }, inputIds });
    const b = await runForward({ model, adapter: { plugin: prefixTuning, state: peftView }, inputIds });
    assert.ok(maxAbs(a.get('logits')!, b.get('logits')!) <= 1e-5);
  });
}

test('explicit sizes that do not fit the model are rejected (num_attention_heads counts KV heads)', () => {
  const params = new ParameterStore();
  const build = (raw: unknown) => () => buildLossGraph(tinyModel('llama'), { batch: 1, seq: 4, params, method: { plugin: prefixTuning, config: PrefixTuningConfig.parse(raw) } });
  assert.throws(build({ num_attention_heads: 4 }), /num_attention_heads 4 does not fit the model \(needs 2\)/);
  assert.throws(build({ token_dim: 32 }), /token_dim 32 does not fit the model \(needs 16\)/);
  assert.throws(build({ num_layers: 3 }), /num_layers 3/);
});
