import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  hostTensor, labelsFor, loadBaseModel, methods, mulberry32, ParameterStore, readAdapterDir, readSafetensors, StepRunner, writeAdapterDir,
} from '@edgetune/core';
import { HF, requireFixtures } from './fixtures.ts';

requireFixtures();

for (const name of ['tiny-gpt2', 'tiny-llama']) {
  test(`${name}: an adapter trained here saves in PEFT's exact format and loads back identically`, async () => {
    const fixture = join(HF, name, 'adapters', 'lora');
    const peftConfig = JSON.parse(readFileSync(join(fixture, 'adapter_config.json'), 'utf8'));
    const peftTensors = readSafetensors(join(fixture, 'adapter_model.safetensors')).tensors;
    const plugin = await methods.get('lora');
    const config = plugin.config.parse({ r: peftConfig.r, lora_alpha: peftConfig.lora_alpha, target_modules: peftConfig.target_modules, fan_in_fan_out: peftConfig.fan_in_fan_out });
    const params = new ParameterStore(mulberry32(7));
    const runner = await StepRunner.create(loadBaseModel(join(HF, name)), {
      batch: 2, seq: 8, params, method: { plugin, config },
      optimizer: { type: 'adamw', lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
      schedule: { type: 'constant', warmupSteps: 0, totalSteps: 2, minRatio: 0 },
    });
    const ids = hostTensor('int64', [2, 8], BigInt64Array.from({ length: 16 }, (_, i) => BigInt((i * 37) % 500)));
    for (let s = 0; s < 2; s++) await runner.step({ input_ids: ids, labels: labelsFor(ids) }, s);
    await runner.release();

    const dir = mkdtempSync(join(tmpdir(), 'edgetune-peft-'));
    try {
      writeAdapterDir(join(dir, 'adapter'), plugin.save({ method: 'lora', config, tensors: params.values }));
      const saved = readAdapterDir(join(dir, 'adapter'));
      // Same tensor names and shapes as PEFT wrote.
      const shapes = (m: Map<string, { shape: readonly number[] }>) => Object.fromEntries([...m].map(([k, v]) => [k, v.shape.join('x')]).sort());
      assert.deepEqual(shapes(saved.tensors), shapes(peftTensors));
      // Same config fields, and the same values for what defines the adapter.
      assert.deepEqual(Object.keys(saved.config).sort(), Object.keys(peftConfig).sort());
      for (const k of ['peft_type', 'r', 'lora_alpha', 'fan_in_fan_out', 'use_rslora', 'use_dora', 'bias', 'task_type']) {
        assert.deepEqual(saved.config[k], peftConfig[k], `config field ${k}`);
      }
      assert.deepEqual([...(saved.config.target_modules as string[])].sort(), [...peftConfig.target_modules].sort());
      // Loading gives back exactly the trained tensors.
      const loaded = plugin.load(saved)!;
      assert.equal(loaded.tensors.size, params.values.size);
      for (const [k, v] of params.values) {
        const back = loaded.tensors.get(k);
        assert.ok(back, `missing ${k} after load`);
        assert.deepEqual(Buffer.from(back.data.buffer, back.data.byteOffset, back.data.byteLength), Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength), k);
      }
      // And the saved adapter changed: training moved it away from its initialization.
      assert.ok([...loaded.tensors].some(([k, t]) => k.includes('lora_B') && (t.data as Float32Array).some((x) => x !== 0)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
