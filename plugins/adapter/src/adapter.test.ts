import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLossGraph, mulberry32, ParameterStore, runForward } from '@edgetune/core';
import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import { maxAbs, sampleIds, tinyModel } from '@edgetune/core/plugin/conformance-models.ts';
import adapter from './index.ts';

// Tiny models: hidden 32, 2 layers. One adapter: down [b, 32] + [b], up [32, b] + [32].
const one = (b: number) => 2 * 32 * b + b + 32;

testMethodPlugin({
  plugin: adapter,
  validConfigs: [
    { variant: 'houlsby', bottleneck: 4, non_linearity: 'gelu_new' },
    {},
    { variant: 'pfeiffer', reduction_factor: 8, non_linearity: 'silu', layers_to_transform: [1] },
    { train_layer_norms: true, scaling: 0.5 },
  ],
  invalidConfigs: [{ variant: 'parallel' }, { bottleneck: 0 }, { reduction_factor: -2 }, { non_linearity: 'softmax' }, { r: 4 }],
  expectedTrainable: () => 2 * 2 * one(4), // 2 layers × (attn + mlp)
});

function trainable(arch: 'gpt2' | 'llama', raw: unknown): ParameterStore {
  const params = new ParameterStore(mulberry32(1));
  buildLossGraph(tinyModel(arch), { batch: 1, seq: 4, method: { plugin: adapter, config: adapter.config.parse(raw) }, params });
  return params;
}

test('adapter: pfeiffer puts one adapter per block, after the MLP, width hidden/16', () => {
  const params = trainable('llama', {});
  assert.deepEqual([...params.values.keys()].filter((k) => k.endsWith('down.weight')), ['model.layers.0.adapter.mlp.down.weight', 'model.layers.1.adapter.mlp.down.weight']);
  assert.deepEqual(params.values.get('model.layers.0.adapter.mlp.down.weight')!.shape, [2, 32]);
  assert.equal(params.count(), 2 * one(2));
});

test('adapter: layers_to_transform and train_layer_norms choose what trains', () => {
  const names = [...trainable('gpt2', { variant: 'houlsby', bottleneck: 4, layers_to_transform: [1], train_layer_norms: true }).values.keys()];
  assert.ok(names.filter((n) => n.includes('.adapter.')).every((n) => n.startsWith('transformer.h.1.')));
  assert.equal(names.filter((n) => n.includes('.adapter.')).length, 8);
  assert.equal(names.filter((n) => /ln_\w+\.(weight|bias)$/.test(n)).length, 10, 'ln_1, ln_2 in both blocks and ln_f');
});

test('adapter: a fresh adapter is the identity (up starts at zero)', async () => {
  for (const arch of ['gpt2', 'llama'] as const) {
    const model = tinyModel(arch);
    const config = adapter.config.parse({ variant: 'houlsby', bottleneck: 4 });
    const state = { method: 'adapter', config, tensors: trainable(arch, config).values };
    assert.ok([...state.tensors].some(([k, t]) => k.endsWith('down.weight') && (t.data as Float32Array).some((x) => x !== 0)), 'down is random');
    const inputIds = sampleIds();
    const withAdapter = await runForward({ model, adapter: { plugin: adapter, state }, inputIds });
    const base = await runForward({ model, inputIds });
    assert.equal(maxAbs(withAdapter.get('logits')!, base.get('logits')!), 0);
  }
});

test('adapter: saves natively (peft_type null) and has no merge', () => {
  const config = adapter.config.parse({});
  const files = adapter.save({ method: 'adapter', config, tensors: trainable('gpt2', config).values });
  assert.equal(files.config.peft_type, null);
  assert.equal(files.config.edgetune_method, 'adapter');
  assert.equal(files.config.variant, 'pfeiffer');
  assert.equal(adapter.merge, undefined);
});
