// `edgetune runner` / `edgetune-runner`: flags (or EDGETUNE_* env) → a Runner against a server,
// until SIGTERM or SIGINT: then the job in flight checkpoints, its lease is released, exit 0.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { parse, UsageError } from '@edgetune/core/cli/args.ts';
import { RunnerClient } from './client.ts';
import { DEVICE_PREFERENCES, type DevicePreference } from './device.ts';
import { loadPlugins, splitSpecs } from './plugins.ts';
import { Runner } from './runner.ts';

export const summary = 'lease training jobs from an edgetune server and train them (the gpu-runner)';
export const usage = `edgetune runner --server URL --token KEY [--device auto|cpu|webgpu|cuda] [--plugins name,pkg,./path]
       [--work-dir DIR] [--concurrency 1] [--checkpoint-every 100] [--poll-ms 2000] [--runner-id NAME]

Every flag has an environment variable: EDGETUNE_SERVER, EDGETUNE_RUNNER_TOKEN, EDGETUNE_DEVICE,
EDGETUNE_PLUGINS, EDGETUNE_WORK_DIR, EDGETUNE_CONCURRENCY, EDGETUNE_CHECKPOINT_EVERY, EDGETUNE_POLL_MS,
EDGETUNE_RUNNER_ID. The token is an API key with the 'runner' scope.`;

export const OPTIONS = {
  server: { type: 'string' }, token: { type: 'string' }, device: { type: 'string' }, plugins: { type: 'string' },
  'work-dir': { type: 'string' }, concurrency: { type: 'string' }, 'checkpoint-every': { type: 'string' },
  'poll-ms': { type: 'string' }, 'runner-id': { type: 'string' },
} as const;

export interface RunnerConfig {
  server: string;
  token: string;
  device: DevicePreference;
  plugins: string[];
  workDir: string;
  concurrency: number;
  checkpointEvery: number;
  pollMs: number;
  runnerId: string;
}

function positiveInt(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got '${v}'`);
  return n;
}

export function runnerConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): RunnerConfig {
  const { values: v, positionals } = parse(argv, OPTIONS);
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const server = v.server ?? env.EDGETUNE_SERVER;
  const token = v.token ?? env.EDGETUNE_RUNNER_TOKEN;
  if (!server) throw new UsageError('--server (or EDGETUNE_SERVER) is required');
  if (!token) throw new UsageError('--token (or EDGETUNE_RUNNER_TOKEN) is required');
  try {
    new URL(server);
  } catch {
    throw new UsageError(`--server must be a URL, got '${server}'`);
  }
  const device = (v.device ?? env.EDGETUNE_DEVICE ?? 'auto') as DevicePreference;
  if (!DEVICE_PREFERENCES.includes(device)) throw new UsageError(`--device must be one of ${DEVICE_PREFERENCES.join(', ')}, got '${device}'`);
  return {
    server, token, device,
    plugins: splitSpecs(v.plugins ?? env.EDGETUNE_PLUGINS),
    workDir: resolve(v['work-dir'] ?? env.EDGETUNE_WORK_DIR ?? '.edgetune-runner'),
    concurrency: positiveInt(v.concurrency ?? env.EDGETUNE_CONCURRENCY, 'concurrency', 1),
    checkpointEvery: positiveInt(v['checkpoint-every'] ?? env.EDGETUNE_CHECKPOINT_EVERY, 'checkpoint-every', 100),
    pollMs: positiveInt(v['poll-ms'] ?? env.EDGETUNE_POLL_MS, 'poll-ms', 2000),
    runnerId: v['runner-id'] ?? env.EDGETUNE_RUNNER_ID ?? `${hostname()}-${process.pid}`,
  };
}

/** Runs until a signal; the exit code. Usage errors are thrown (the umbrella CLI prints usage). */
export async function run(argv: string[]): Promise<number> {
  const cfg = runnerConfig(argv);
  const log = (m: string) => console.log(`${new Date().toISOString()} ${m}`);
  const loaded = await loadPlugins(cfg.plugins);
  if (loaded.length) log(`plugins: ${loaded.join(', ')}`);
  const client = new RunnerClient(fetch, cfg.server, cfg.token, { log });
  const runner = new Runner({ ...cfg, client, log });
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (++signals > 1) process.exit(130); // a second signal: stop now
    log(`${sig}: checkpointing and releasing the job in flight, then exiting`);
    void runner.stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  await runner.start();
  log(`polling ${cfg.server} (${cfg.concurrency} at a time, work dir ${cfg.workDir})`);
  await runner.done();
  await runner.stop();
  log('stopped');
  return 0;
}

/** The standalone entry point: like the umbrella CLI, usage errors exit 2 and failures 1. */
export async function runnerMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`${summary}\n\nUsage: ${usage}`);
    return 0;
  }
  try {
    return await run(argv);
  } catch (e) {
    console.error(`edgetune runner: ${(e as Error).message}${e instanceof UsageError ? `\n\nUsage: ${usage}` : ''}`);
    return e instanceof UsageError ? 2 : 1;
  }
}
