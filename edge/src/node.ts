// `npm start` for the edge app on Node: every embedded driver, an in-process runner, one machine.
// PORT (default 8787), EDGETUNE_DATA_DIR (default ./.edgetune), EDGETUNE_BASE_MODEL (HF folders;
// without one a tiny random model is generated), EDGETUNE_RUNNER=0 to lease jobs elsewhere,
// EDGETUNE_PLUGINS (method plugins: packages or paths, for job validation and the runner),
// EDGETUNE_DEVICE (the in-process runner's device, default auto), EDGETUNE_CHECKPOINT_EVERY.
// Scheduled recipes and background drift checks run from a timer that reads the app's Clock (tests
// pass a ManualClock).
import { lookup } from 'node:dns/promises';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createApp } from './app.ts';
import { bootstrap } from './auth/bootstrap.ts';
import { mintKey } from './auth/keys.ts';
import type { AppDeps } from './deps.ts';
import { nodeDeps } from './drivers/node/deps.ts';
import { serveNode } from './drivers/node/http-server.ts';
import { loadPlugins, Runner, RunnerClient, splitSpecs, type DevicePreference } from '@edgetune/gpu-runner';
import type { Clock } from './ports/clock.ts';
import { runTick } from './services/tick.ts';
import { dispatchDue } from './services/webhooks/dispatch.ts';

export { startInferenceNode, type InferenceNodeStart } from './inference-node/node.ts';

const RUNNER_KEY_NAME = 'in-process runner';

/** A path as short as it can be shown: relative below the working directory, else absolute. */
function shown(p: string): string {
  const r = relative(process.cwd(), p);
  return r.startsWith('..') ? p : r || '.';
}

/** A fresh runner key for this process; keys of earlier runs are revoked. */
async function runnerKey(deps: AppDeps, tenantId: string): Promise<string> {
  const now = deps.clock.now();
  for (const k of await deps.meta.keys.list(tenantId)) if (k.name === RUNNER_KEY_NAME && k.revoked_at === null) await deps.meta.keys.revoke(tenantId, k.id, now);
  const { row, plaintext } = mintKey(tenantId, RUNNER_KEY_NAME, ['runner'], now);
  await deps.meta.keys.insert(row);
  return plaintext;
}

export interface NodeOptions {
  /** Default: the system clock. */
  clock?: Clock;
  /** How often the scheduler's tick (recipes, drift checks) looks at the clock (default 15 s). */
  recipeTickMs?: number;
}

export async function startNode(env: NodeJS.ProcessEnv = process.env, log: (m: string) => void = console.log, opts: NodeOptions = {}) {
  const dataDir = resolve(env.EDGETUNE_DATA_DIR ?? '.edgetune');
  const port = Number(env.PORT ?? 8787);
  // into core's registry, which both the app (method validation) and the runner read
  const plugins = await loadPlugins(splitSpecs(env.EDGETUNE_PLUGINS));
  const { deps, generatedModel } = nodeDeps(dataDir, env, opts.clock);
  const { tenant, adminKey } = await bootstrap(deps.meta, deps.clock.now());
  const keyFile = join(dataDir, 'admin-key');
  if (adminKey) {
    writeFileSync(keyFile, `${adminKey}\n`, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
  }
  const shownKey = adminKey ?? (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : null);
  const app = createApp({ ...deps, log: (m, e) => console.error(m, e) });
  const server = await serveNode(app.fetch, port, env.HOST ?? '0.0.0.0');

  log(`edgetune edge listening on ${server.url} (docs: ${server.url}/docs)`);
  log(`data folder: ${shown(dataDir)}`);
  log(adminKey ? `admin key (new; also written to ${keyFile}): ${adminKey}` : shownKey ? `admin key (from ${keyFile}): ${shownKey}` : `admin key: not shown (${keyFile} is missing; revoke and re-create keys with an admin key you kept)`);
  if (generatedModel) {
    log(`no base model configured (EDGETUNE_BASE_MODEL): using a generated tiny random GPT-2 in ${shown(generatedModel)}.`);
    log('it has random weights and produces gibberish; it exists so uploads, training and adapters work end to end.');
  }
  for (const m of deps.models.list()) log(`base model '${m.id}': ${m.config.arch}, hidden ${m.config.hidden}, ${m.config.layers} layers`);
  if (plugins.length) log(`method plugins: ${plugins.join(', ')}`);

  // The gpu-runner's own loop, talking to this app through app.fetch (no socket); models are local.
  let runner: Runner | null = null;
  if (env.EDGETUNE_RUNNER !== '0') {
    const client = new RunnerClient(app.fetch, server.url, await runnerKey(deps, tenant.id));
    runner = new Runner({
      // in-process heartbeats cost nothing, and each carries a point of the dashboard's live curve
      client, runnerId: `local-${process.pid}`, workDir: join(dataDir, 'runner'), pollMs: 1000, heartbeatMs: 1000, log,
      device: (env.EDGETUNE_DEVICE ?? 'auto') as DevicePreference, modelDir: (id) => deps.models.get(id)?.dir,
      ...(env.EDGETUNE_CHECKPOINT_EVERY ? { checkpointEvery: Number(env.EDGETUNE_CHECKPOINT_EVERY) } : {}),
    });
    await runner.start();
    log('in-process runner: on (EDGETUNE_RUNNER=0 turns it off)');
  }
  const resolveHost = async (host: string) => (await lookup(host, { all: true })).map((a) => a.address);
  const webhookTimer = setInterval(() => void dispatchDue(deps, { resolve: resolveHost }).catch((e) => console.error('webhooks:', e)), 1000);
  webhookTimer.unref();
  let ticking = false;
  const tickTimer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    void runTick(deps).catch((e) => console.error('scheduler tick:', e)).finally(() => (ticking = false));
  }, opts.recipeTickMs ?? 15_000);
  tickTimer.unref();

  const stop = async () => {
    clearInterval(webhookTimer);
    clearInterval(tickTimer);
    await runner?.stop();
    await server.close();
  };
  return { url: server.url, adminKey: shownKey, deps, stop };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/edge/src/node.ts')) {
  const started = await startNode();
  const shutdown = () => {
    console.log('stopping (a job in flight checkpoints and goes back to the queue)…');
    void started.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
