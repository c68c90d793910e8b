import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { buildLossGraph, loadBaseModel, methods, ParameterStore, readAdapterDir, readSafetensors, runForward, type HostTensor } from '@edgetune/core';
import { maxAbs } from '@edgetune/core/plugin/conformance-models.ts';
import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import ia3, { feedforwardModules, isFeedforward } from './index.ts';

const HF = fileURLToPath(new URL('../../../../shared/fixtures/hf/', import.meta.url));
const MODELS = ['tiny-gpt2', 'tiny-llama'];

// Tiny models: 2 layers, hidden 32; GPT-2 c_attn out 96, MLP 128; Llama KV width 16, MLP 88.
testMethodPlugin({
  plugin: ia3,
  validConfigs: [{}, { target_modules: ['c_attn', 'c_fc', 'q_proj'], feedforward_modules: ['c_fc'] }, { target_modules: '.*\\.(k_proj|v_proj)', init_ia3_weights: false }],
  invalidConfigs: [{ target_modules: [] }, { target_modules: ['c_attn'], feedforward_modules: ['mlp.c_proj'] }, { modules_to_save: ['lm_head'] }, { init_ia3_weights: 'yes' }],
  // PEFT's defaults: gpt2 scales c_attn's output (96) and mlp.c_proj's input (128); llama k/v outputs (16 each), down_proj's input (88).
  expectedTrainable: (arch) => 2 * (arch === 'gpt2' ? 96 + 128 : 16 + 16 + 88),
  fixtures: MODELS.map((model) => ({ model, adapter: 'ia3' })),
});

test('ia3: feedforward defaults are PEFT\'s, among the targets, and match by path suffix', () => {
  const cfg = ia3.config.parse({});
  assert.deepEqual(feedforwardModules(cfg), ['mlp.c_proj', 'down_proj']);
  assert.ok(isFeedforward(cfg, 'transformer.h.0.mlp.c_proj'));
  assert.ok(!isFeedforward(cfg, 'transformer.h.0.attn.c_proj'));
  assert.ok(isFeedforward(cfg, 'model.layers.1.mlp.down_proj'));
  assert.deepEqual(feedforwardModules(ia3.config.parse({ target_modules: ['q_proj', 'down_proj'] })), ['down_proj']);
  assert.ok(isFeedforward(ia3.config.parse({ target_modules: ['c_fc'], feedforward_modules: '.*c_fc' }), 'transformer.h.1.mlp.c_fc'));
});

for (const name of MODELS) {
  const dir = join(HF, name, 'adapters', 'ia3');

  test(`${name}/ia3: default targets give PEFT's modules and vector shapes`, () => {
    const files = readAdapterDir(dir);
    const params = new ParameterStore();
    buildLossGraph(loadBaseModel(join(HF, name)), { batch: 1, seq: 4, method: { plugin: ia3, config: ia3.config.parse({}) }, params });
    const peft = [...files.tensors].map(([k, v]) => `${k}.default:${v.shape.join('x')}`).sort();
    assert.deepEqual([...params.values].map(([k, v]) => `${k}:${v.shape.join('x')}`).sort(), peft);
    assert.ok([...params.values.values()].every((t) => (t.data as Float32Array).every((x) => x === 1)), 'init_ia3_weights: ones');
  });

  test(`${name}/ia3: the registry picks ia3; save writes PEFT's tensor names and full config`, async () => {
    const files = readAdapterDir(dir);
    assert.equal((await methods.forAdapter(files.config)).name, 'ia3');
    const saved = ia3.save(ia3.load(files)!);
    assert.deepEqual([...saved.tensors.keys()].sort(), [...files.tensors.keys()].sort());
    const peft = JSON.parse(readFileSync(join(dir, 'adapter_config.json'), 'utf8'));
    assert.deepEqual(Object.keys(saved.config).sort(), Object.keys(peft).sort());
    for (const k of ['peft_type', 'feedforward_modules', 'fan_in_fan_out', 'init_ia3_weights', 'task_type']) assert.deepEqual(saved.config[k], peft[k], k);
  });

  test(`${name}/ia3: merged fixture weights (bias scaled for output scaling) give the unmerged logits within 1e-4`, async () => {
    const model = loadBaseModel(join(HF, name));
    const state = ia3.load(readAdapterDir(dir))!;
    const inputIds = readSafetensors(join(dir, 'expected', 'expected.safetensors')).tensors.get('input_ids')!;
    const unmerged = await runForward({ model, adapter: { plugin: ia3, state }, inputIds });
    const merged = await runForward({ model: { ...model, tensors: ia3.merge!(state, model.tensors, model.config) }, inputIds });
    const err = maxAbs(merged.get('logits')!, unmerged.get('logits')!);
    assert.ok(err <= 1e-4, `merged logits differ by ${err}`);
  });
}

for (const name of MODELS) {
  test(`${name}/ia3: dispatched by the registry as \`edgetune forward\` does, logits, loss and every gradient match PEFT`, async (t) => {
    const dir = join(HF, name, 'adapters', 'ia3');
    const exp = readSafetensors(join(dir, 'expected', 'expected.safetensors')).tensors;
    const files = readAdapterDir(dir);
    const plugin = await methods.forAdapter(files.config);
    const out = await runForward({ model: loadBaseModel(join(HF, name)), adapter: { plugin, state: plugin.load(files)! }, inputIds: exp.get('input_ids')!, grads: true });
    const maxAbs = (a: HostTensor, b: HostTensor) => {
      let m = 0;
      for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(Number(a.data[i]) - Number(b.data[i])));
      return m;
    };
    const logits = maxAbs(out.get('logits')!, exp.get('logits')!);
    const loss = Math.abs(Number(out.get('loss')!.data[0]) - Number(exp.get('loss')!.data[0]));
    let grad = 0;
    const gradNames = [...exp.keys()].filter((k) => k.startsWith('grad.'));
    for (const k of gradNames) {
      assert.ok(out.has(k), `missing ${k}`);
      let [num, den] = [0, 0];
      const [got, want] = [out.get(k)!.data, exp.get(k)!.data];
      for (let i = 0; i < want.length; i++) [num, den] = [num + (Number(got[i]) - Number(want[i])) ** 2, den + Number(want[i]) ** 2];
      grad = Math.max(grad, Math.sqrt(num / den));
    }
    t.diagnostic(`logits ${logits.toExponential(2)}, loss ${loss.toExponential(2)}, ${gradNames.length} grads, worst relative ${grad.toExponential(2)}`);
    assert.ok(gradNames.length > 0);
    assert.ok(logits <= 1e-4 && loss <= 1e-5 && grad <= 1e-3);
  });
}
