import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '@edgetune/core/cli/args.ts';
import { runnerConfig } from './cli.ts';

test('flags win over EDGETUNE_* env; env alone is enough', () => {
  const env = { EDGETUNE_SERVER: 'http://edge:8787', EDGETUNE_RUNNER_TOKEN: 'et_env', EDGETUNE_DEVICE: 'cpu', EDGETUNE_CONCURRENCY: '2', EDGETUNE_PLUGINS: 'lora,./x.ts' };
  const fromEnv = runnerConfig([], env);
  assert.deepEqual([fromEnv.server, fromEnv.token, fromEnv.device, fromEnv.concurrency, fromEnv.plugins, fromEnv.checkpointEvery], ['http://edge:8787', 'et_env', 'cpu', 2, ['lora', './x.ts'], 100]);
  const flags = runnerConfig(['--server', 'http://other', '--token', 'et_flag', '--device', 'webgpu', '--checkpoint-every', '5', '--runner-id', 'gpu0'], env);
  assert.deepEqual([flags.server, flags.token, flags.device, flags.checkpointEvery, flags.runnerId], ['http://other', 'et_flag', 'webgpu', 5, 'gpu0']);
});

test('bad flags are usage errors', () => {
  const ok = ['--server', 'http://x', '--token', 't'];
  const cases: [string[], RegExp][] = [
    [[], /--server/],
    [['--server', 'http://x'], /--token/],
    [['--server', 'nope', '--token', 't'], /must be a URL/],
    [[...ok, '--device', 'tpu'], /--device must be one of auto, cpu, webgpu, cuda/],
    [[...ok, '--concurrency', '0'], /--concurrency must be a positive integer/],
    [[...ok, '--checkpoint-every', '2.5'], /--checkpoint-every/],
    [[...ok, '--bogus'], /bogus/],
    [[...ok, 'extra'], /unexpected argument 'extra'/],
  ];
  for (const [argv, re] of cases) assert.throws(() => runnerConfig(argv, {}), (e: Error) => e instanceof UsageError && re.test(e.message), argv.join(' '));
});
