import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readAdapterDir, writeAdapterDir } from '../engine/adapter-dir.ts';
import { buildLossGraph } from '../engine/loss-graph.ts';
import { tinyModel } from '../plugin/conformance-models.ts';
import { methods, ParameterStore } from '../plugin/index.ts';
import { mulberry32 } from '../weights/index.ts';
import { loadTaskAdapter, saveTaskAdapter, type TaskAdapter } from './adapter-io.ts';
import type { TaskSpec } from './task.ts';

async function trained(arch: 'gpt2' | 'llama', task: TaskSpec): Promise<TaskAdapter> {
  const plugin = await methods.get('lora');
  const config = plugin.config.parse({ r: 2, target_modules: arch === 'gpt2' ? ['c_attn'] : ['q_proj'], init_lora_weights: false });
  const params = new ParameterStore(mulberry32(4));
  buildLossGraph(tinyModel(arch), { batch: 1, seq: 4, params, task, method: { plugin, config } });
  return { plugin, config, tensors: new Map(params.values), task, labels: ['neg', 'pos', 'mixed'].slice(0, 'numLabels' in task ? task.numLabels : 0) };
}

test('a SEQ_CLS LoRA adapter saves as PEFT does and loads back with its head and task', async () => {
  const a = await trained('gpt2', { type: 'sequence-classification', numLabels: 3 });
  const files = saveTaskAdapter(a);
  assert.equal(files.config.task_type, 'SEQ_CLS');
  assert.equal(files.config.peft_type, 'LORA');
  assert.deepEqual(files.config.modules_to_save, ['classifier', 'score']);
  assert.deepEqual(files.config.edgetune_labels, ['neg', 'pos', 'mixed']);
  assert.deepEqual([...files.tensors.keys()].sort(), [
    'base_model.model.score.weight',
    'base_model.model.transformer.h.0.attn.c_attn.lora_A.weight', 'base_model.model.transformer.h.0.attn.c_attn.lora_B.weight',
    'base_model.model.transformer.h.1.attn.c_attn.lora_A.weight', 'base_model.model.transformer.h.1.attn.c_attn.lora_B.weight',
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'edgetune-heads-'));
  try {
    writeAdapterDir(join(dir, 'adapter'), files);
    const back = await loadTaskAdapter(readAdapterDir(join(dir, 'adapter')));
    assert.equal(back.plugin.name, 'lora');
    assert.deepEqual(back.task, a.task);
    assert.deepEqual(back.labels, a.labels);
    assert.deepEqual([...back.tensors.keys()].sort(), [...a.tensors.keys()].sort());
    for (const [k, v] of a.tensors) assert.deepEqual(back.tensors.get(k)!.data, v.data, k);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('regression and token classification are told apart by task_type and the head shape', async () => {
  const reg = await loadTaskAdapter(saveTaskAdapter(await trained('llama', { type: 'regression' })));
  assert.deepEqual(reg.task, { type: 'regression' });
  const tok = await trained('gpt2', { type: 'token-classification', numLabels: 2 });
  const files = saveTaskAdapter(tok);
  assert.equal(files.config.task_type, 'TOKEN_CLS');
  assert.ok(files.tensors.has('base_model.model.classifier.weight') && files.tensors.has('base_model.model.classifier.bias'));
  const back = await loadTaskAdapter(files);
  assert.deepEqual(back.task, { type: 'token-classification', numLabels: 2 });
  assert.ok(back.tensors.has('base_model.model.classifier.modules_to_save.default.bias'));
});

test('a causal-LM adapter passes through untouched; a SEQ_CLS config without its head is an error', async () => {
  const lm = await trained('gpt2', { type: 'causal-lm' });
  const files = saveTaskAdapter(lm);
  assert.equal(files.config.modules_to_save, null);
  assert.equal(files.config.edgetune_labels, undefined);
  assert.deepEqual((await loadTaskAdapter(files)).task, { type: 'causal-lm' });
  const headless = { config: { ...files.config, task_type: 'SEQ_CLS', modules_to_save: ['classifier', 'score'] }, tensors: files.tensors };
  await assert.rejects(loadTaskAdapter(headless), /needs its head/);
});
