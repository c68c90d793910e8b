// A plugin written outside plugins/, against '@edgetune/core' only, loaded by path as `--plugins ./path`
// does: it passes the conformance suite, trains end to end with the trainer, and round-trips from disk.
// Plus the registry's errors for broken plugins, each naming the plugin.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { MethodRegistry, methods, readAdapterDir, train, writeTinyRandomModel } from '@edgetune/core';
import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import type lnTuningModule from '../examples/ln-tuning/index.ts'; // type-only: makes tsc check the example

const root = fileURLToPath(new URL('..', import.meta.url));
const SPEC = './examples/ln-tuning/index.ts';
const plugin = (await methods.load(SPEC, root)) as typeof lnTuningModule;

testMethodPlugin({
  plugin,
  validConfigs: [{}, { target_modules: ['ln_f', 'norm'] }, { target_modules: '.*\\.ln_\\d', exclude_modules: ['h.0.ln_1'] }],
  invalidConfigs: [{ target_modules: [] }, { modules_to_save: ['lm_head'] }, { exclude_modules: 3 }],
  // Defaults: GPT-2 ln_1, ln_2 (2 blocks) and ln_f, weight + bias of 32; Llama the two RMSNorms per block and model.norm.
  expectedTrainable: (arch) => (arch === 'gpt2' ? 5 * 2 * 32 : 5 * 32),
});

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgetune-third-party-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function setup() {
  const model = join(dir, 'model');
  writeTinyRandomModel(model, { arch: 'gpt2', vocabSize: 512, hidden: 128, layers: 2, heads: 4, maxPositions: 64, seed: 0 });
  const data = join(dir, 'data.jsonl');
  writeFileSync(data, Array.from({ length: 40 }, (_, i) => JSON.stringify({ text: `the ${['red', 'blue'][i % 2]} cat sat on the mat.` })).join('\n') + '\n');
  return { model, data };
}

test('the path-loaded plugin trains end to end with the trainer: loss goes down, the adapter reloads', async () => {
  const { model, data } = setup();
  const losses: number[] = [];
  const summary = await train({
    model, data, out: join(dir, 'run'), method: 'ln-tuning', steps: 25, batch: 4, seq: 32,
    optimizer: { type: 'adamw', lr: 3e-2 }, schedule: { type: 'constant' }, seed: 0, onStep: (e) => losses.push(e.loss),
  });
  assert.equal(summary.trainableParams, 5 * 2 * 128);
  // Only norms train, so the drop is modest (ln_f's bias alone can learn the unigram distribution).
  assert.ok(summary.finalLoss < 0.85 * summary.firstLoss, `loss ${summary.firstLoss} -> ${summary.finalLoss}`);

  const files = readAdapterDir(summary.adapterDir);
  assert.equal(files.config.peft_type, 'LN_TUNING');
  assert.ok(files.tensors.has('base_model.model.transformer.h.1.ln_2.ln_tuning_layers.weight'), [...files.tensors.keys()].join());
  assert.equal(await methods.forAdapter(files.config), plugin, 'the registry routes LN_TUNING adapters to the loaded plugin');
  const state = plugin.load(files)!;
  assert.deepEqual(state.tensors.get('transformer.ln_f.bias')!.data, summary.tensors.get('transformer.ln_f.bias')!.data);
  assert.match(readFileSync(join(dir, 'run', 'train_config.json'), 'utf8'), /"method": "ln-tuning"/);
});

describe('registry errors name the plugin', () => {
  const write = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  };

  test('a plugin of the wrong shape', async () => {
    const path = write('broken.mjs', "export default { name: 'broken-method', description: 'x', config: {}, apply() {} };\n");
    await assert.rejects(new MethodRegistry().load(path), (err: Error) => {
      assert.match(err.message, /method plugin 'broken-method' from '.*broken\.mjs' is invalid/);
      assert.match(err.message, /'config' must be a zod schema/);
      assert.match(err.message, /'save' must be a function; 'load' must be a function/);
      return true;
    });
    const nameless = write('nameless.mjs', 'export const other = 1;\n');
    await assert.rejects(new MethodRegistry().load(nameless), /method plugin '.*nameless\.mjs' exports no plugin: export it as default/);
    await assert.rejects(new MethodRegistry().load(join(dir, 'missing.mjs')), /cannot load method plugin '.*missing\.mjs'/);
  });

  test('a second plugin under a taken name', async () => {
    const url = pathToFileURL(join(root, SPEC)).href;
    const path = write('dup.mjs', `import p from ${JSON.stringify(url)};\nexport default { ...p, description: 'an impostor' };\n`);
    await assert.rejects(methods.load(path), /plugin 'ln-tuning' from '.*dup\.mjs': a method with that name is already registered/);
    // Loading the same module again is not a duplicate.
    assert.equal(await methods.load(SPEC, root), plugin);
  });

  test('a config that fails the plugin schema', async () => {
    const { model, data } = setup();
    await assert.rejects(
      train({ model, data, out: join(dir, 'bad'), method: 'ln-tuning', methodConfig: { target_modules: [] }, steps: 1 }),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, 'invalid_config');
        assert.match(err.message, /invalid ln-tuning config: target_modules: /);
        return true;
      },
    );
    assert.throws(() => plugin.load({ config: { peft_type: 'LN_TUNING', modules_to_save: ['score'] }, tensors: new Map() }), /ln-tuning: adapter_config.json is invalid: modules_to_save/);
  });
});
