import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  buildLossGraph, CompiledGraph, defineMethod, gradients, hostTensor, labelsFor, loadBaseModel, methods, mulberry32, ParameterStore,
  readAdapterDir, readSafetensors, runForward, type HostTensor,
} from '@edgetune/core';
import { maxAbs, sampleIds, tinyModel } from '@edgetune/core/plugin/conformance-models.ts';
import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import lora from '@edgetune/plugin-lora';
import dora, { applyDora } from './index.ts';

const HF = fileURLToPath(new URL('../../../../shared/fixtures/hf/', import.meta.url));
const MODELS = ['tiny-gpt2', 'tiny-llama'];

// Tiny models: 2 layers, hidden 32; GPT-2 MLP 128, Llama MLP 88, KV width 16. DoRA = LoRA + one magnitude per output row.
const r = 4;
const lora2 = (inF: number, out: number) => r * (inF + out) + out;
// PEFT (after the paper, §4.3) detaches DoRA's weight norm, so its training gradient is deliberately not
// the loss's derivative: the PEFT fixtures check that gradient, and the suite's finite-difference check
// runs on the same graph with the norm attached.
const exact = defineMethod({ ...dora, name: 'dora-exact', apply: (ctx, cfg) => applyDora(ctx, cfg, { detachNorm: false }) });
testMethodPlugin({
  plugin: dora,
  exactGradientPlugin: exact,
  validConfigs: [{ r, lora_alpha: 8, target_modules: ['c_attn', 'c_proj', 'c_fc', 'q_proj', 'v_proj', 'down_proj'] }, { r: 8, use_rslora: true, use_dora: true }, {}],
  invalidConfigs: [{ r: 0 }, { use_dora: false }, { lora_bias: true }, { target_modules: [] }],
  expectedTrainable: (arch) =>
    2 * (arch === 'gpt2' ? lora2(32, 96) + lora2(32, 32) + lora2(32, 128) + lora2(128, 32) : lora2(32, 32) + lora2(32, 16) + lora2(88, 32)),
  fixtures: MODELS.map((model) => ({ model, adapter: 'dora' })),
});

for (const name of MODELS) {
  const dir = join(HF, name, 'adapters', 'dora');

  test(`${name}/dora: the registry picks dora for PEFT's use_dora adapter, and lora refuses it`, async () => {
    const files = readAdapterDir(dir);
    assert.equal((await methods.forAdapter(files.config)).name, 'dora');
    assert.equal(lora.load(files), undefined);
    assert.equal(dora.load({ ...files, config: { ...files.config, use_dora: false } }), undefined);
  });

  test(`${name}/dora: saves PEFT's exact tensor names (magnitude without '.weight') and config fields`, () => {
    const files = readAdapterDir(dir);
    const saved = dora.save(dora.load(files)!);
    assert.deepEqual([...saved.tensors.keys()].sort(), [...files.tensors.keys()].sort());
    assert.deepEqual(Object.keys(saved.config).sort(), Object.keys(files.config).sort());
    assert.equal(saved.config.use_dora, true);
  });

  test(`${name}/dora: merged fixture weights give the unmerged logits within 1e-4`, async () => {
    const model = loadBaseModel(join(HF, name));
    const state = dora.load(readAdapterDir(dir))!;
    const inputIds = readSafetensors(join(dir, 'expected', 'expected.safetensors')).tensors.get('input_ids')!;
    const unmerged = await runForward({ model, adapter: { plugin: dora, state }, inputIds });
    const merged = await runForward({ model: { ...model, tensors: dora.merge!(state, model.tensors, model.config) }, inputIds });
    const err = maxAbs(merged.get('logits')!, unmerged.get('logits')!);
    assert.ok(err <= 1e-4, `merged logits differ by ${err}`);
  });

  test(`${name}/dora: a new adapter starts as the base model (magnitude = ||W|| per row, B = 0)`, async () => {
    const model = loadBaseModel(join(HF, name));
    const config = dora.config.parse({ r: 4, target_modules: ['c_attn', 'c_fc', 'q_proj', 'down_proj'] });
    const params = new ParameterStore(mulberry32(1));
    buildLossGraph(model, { batch: 1, seq: 4, method: { plugin: dora, config }, params });
    const mags = [...params.values].filter(([k]) => k.endsWith('lora_magnitude_vector.default.weight'));
    assert.ok(mags.length > 0);
    const inputIds = hostTensor('int64', [1, 4], BigInt64Array.of(1n, 5n, 9n, 3n));
    const base = await runForward({ model, inputIds });
    const adapted = await runForward({ model, adapter: { plugin: dora, state: { method: 'dora', config, tensors: params.values } }, inputIds });
    const err = maxAbs(base.get('logits')!, adapted.get('logits')!);
    assert.ok(err <= 1e-5, `fresh DoRA changed logits by ${err}`);
  });
}
