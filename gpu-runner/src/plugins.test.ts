import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { MethodRegistry } from '@edgetune/core/plugin/index.ts';
import { describeFailure } from './failure.ts';
import { guarded, loadPlugins, methodFor, PluginError, splitSpecs } from './plugins.ts';
import { POISON_MESSAGE } from './test-support/poison-method.ts';

test('--plugins: built-in names and paths load into the registry; a plugin that throws is a PluginError, not retried', async () => {
  const reg = new MethodRegistry();
  const specs = splitSpecs(' lora, ./test-support/poison-method.ts ,');
  assert.deepEqual(await loadPlugins(specs, reg, fileURLToPath(new URL('.', import.meta.url))), ['lora', 'poison']);
  const poison = await methodFor('poison', reg);
  assert.throws(() => poison.apply({} as never, {}), (e: Error) => e instanceof PluginError && e.message === `method plugin 'poison' failed in apply(): ${POISON_MESSAGE}`);
  const f = describeFailure(new PluginError('x'));
  assert.deepEqual([f.code, f.retryable], ['plugin_error', false]);
  await assert.rejects(methodFor('nope', reg), /unknown method 'nope'/);
  assert.equal(describeFailure(new Error('unknown method')).retryable, true, 'another runner may have it');
});

test('guarded: results pass through, async rejections are wrapped too', async () => {
  const lora = await new MethodRegistry().get('lora');
  const g = guarded({ ...lora, load: () => Promise.reject(new Error('disk')) as never, lrScale: () => 2 } as never);
  assert.equal(g.name, 'lora');
  assert.equal(g.config, lora.config);
  assert.equal((g as unknown as { lrScale(): number }).lrScale(), 2);
  await assert.rejects(g.load({} as never) as unknown as Promise<unknown>, (e: Error) => e instanceof PluginError && /failed in load\(\): disk/.test(e.message));
});
