// End-to-end plumbing for the runner tests: a real edge server (edge/src/node.ts) and real runners
// (`edgetune runner`) as child processes on loopback, so SIGKILL and restarts are real; plus the
// tiny model, datasets, jobs and the waits (on states, with a deadline; never on time).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { unpackAdapter } from '@edgetune/core/serve/adapter-blob.ts';
import { writeTinyRandomModel } from '@edgetune/core/weights/tiny-random.ts';
import type { HostTensor } from '@edgetune/core/graph/index.ts';
import { waitFor } from '@edgetune/core/test-support/wait.ts';

export { waitFor };

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const live = new Set<ChildProcess>();

/** Kills every child these helpers started (for after()). */
export function killAll(): void {
  for (const p of live) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A child whose output lines are kept, so a test can wait for one. */
export class Child {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly name: string, readonly proc: ChildProcess) {
    live.add(proc);
    const take = (chunk: Buffer) => {
      for (const l of chunk.toString().split('\n')) {
        if (!l) continue;
        this.lines.push(l);
        if (process.env.EDGETUNE_TEST_VERBOSE) console.log(`[${name}] ${l}`);
      }
    };
    proc.stdout!.on('data', take);
    proc.stderr!.on('data', take);
    this.exited = new Promise((r) => proc.on('exit', (code, signal) => {
      live.delete(proc);
      r({ code, signal });
    }));
  }

  /** The first line matching `re` from line `since` on (a count taken earlier from `lines.length`). */
  line(re: RegExp, since = 0, ms = 60_000): Promise<RegExpMatchArray> {
    return waitFor(`${this.name} to log ${re}`, () => {
      for (const l of this.lines.slice(since)) {
        const m = l.match(re);
        if (m) return m;
      }
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) throw new Error(`${this.name} exited before logging ${re}:\n${this.lines.slice(-30).join('\n')}`);
      return undefined;
    }, ms);
  }

  signal(sig: NodeJS.Signals): void {
    this.proc.kill(sig);
  }

  async kill(): Promise<void> {
    this.proc.kill('SIGKILL');
    await this.exited;
  }
}

export function tinyModel(dir: string): string {
  writeTinyRandomModel(dir, { arch: 'gpt2', vocabSize: 300, hidden: 32, layers: 1, heads: 2, maxPositions: 64, seed: 0 });
  return dir;
}

export interface ServerOptions {
  dataDir: string;
  model: string;
  port?: number;
  env?: Record<string, string>;
}

/** The edge Node server without its in-process runner; resolves once it listens. */
export async function startServer(o: ServerOptions): Promise<Server> {
  const port = o.port ?? (await freePort());
  const env = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', EDGETUNE_DATA_DIR: o.dataDir, EDGETUNE_RUNNER: '0',
    EDGETUNE_BASE_MODEL: `tiny=${o.model}`, ...o.env,
  };
  const child = new Child(`server:${port}`, spawn(process.execPath, ['--import', 'tsx', 'edge/src/node.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  await child.line(/edgetune edge listening on/);
  return new Server(child, `http://127.0.0.1:${port}`, port, readFileSync(join(o.dataDir, 'admin-key'), 'utf8').trim(), o.dataDir);
}

/** One test file's server and what its tests share; `server`, `token` and `ds` are set in `before`. */
export interface ServerFixture {
  /** The file's temporary folder: the server's data in `data`, its model in `model`. */
  readonly tmp: string;
  server: Server;
  /** A runner key. */
  token: string;
  /** The ROWS dataset's id. */
  ds: string;
}

/**
 * Registers `before` (a server over a tiny model in a new temporary folder, a runner key, the ROWS
 * dataset) and `after` (every child killed, the folder removed) for the calling test file.
 */
export function serverFixture(name: string, env: Record<string, string> = {}): ServerFixture {
  const f = { tmp: mkdtempSync(join(tmpdir(), `edgetune-${name}-`)) } as ServerFixture;
  before(async () => {
    f.server = await startServer({ dataDir: join(f.tmp, 'data'), model: tinyModel(join(f.tmp, 'model')), env });
    f.token = await f.server.runnerKey();
    f.ds = await f.server.dataset(ROWS);
  });
  after(() => {
    killAll();
    rmSync(f.tmp, { recursive: true, force: true });
  });
  return f;
}

export class Server {
  constructor(readonly child: Child, readonly url: string, readonly port: number, readonly adminKey: string, readonly dataDir: string) {}

  async req(path: string, init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string>; key?: string | null } = {}): Promise<Response> {
    const key = init.key === undefined ? this.adminKey : init.key;
    const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    return fetch(`${this.url}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  }

  async json<T = Record<string, any>>(path: string, init: Parameters<Server['req']>[1] = {}): Promise<T> {
    const res = await this.req(path, init);
    if (res.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async runnerKey(): Promise<string> {
    return (await this.json<{ key: string }>('/v1/keys', { json: { name: 'runner', scopes: ['runner'] } })).key;
  }

  async dataset(rows: unknown[]): Promise<string> {
    const body = rows.map((r) => JSON.stringify(r)).join('\n');
    return (await this.json<{ id: string }>('/v1/datasets', { body, headers: { 'content-type': 'application/jsonl' } })).id;
  }

  async job(body: Record<string, unknown>): Promise<Record<string, any>> {
    return this.json('/v1/fine_tuning/jobs', { json: body });
  }

  getJob(id: string) {
    return this.json(`/v1/fine_tuning/jobs/${id}`);
  }

  async events(id: string): Promise<{ level: string; type: string; message: string; data: Record<string, any> | null }[]> {
    return (await this.json<{ data: any[] }>(`/v1/fine_tuning/jobs/${id}/events?limit=1000`)).data;
  }

  async checkpoints(id: string): Promise<{ step_number: number; sha256: string; id: string }[]> {
    return (await this.json<{ data: any[] }>(`/v1/fine_tuning/jobs/${id}/checkpoints`)).data;
  }

  /** Waits until the job is in a final state; returns it. */
  finished(id: string, ms = 90_000): Promise<Record<string, any>> {
    return waitFor(`job ${id} to finish`, async () => {
      const j = await this.getJob(id);
      return ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : undefined;
    }, ms);
  }

  /** The artifact's file in the server's blob folder (the Node flavour stores blobs as files). */
  artifactPath(tenantId: string, sha256: string): string {
    return join(this.dataDir, 'blobs', 't', tenantId, 'artifacts', 'sha256', sha256);
  }

  /** The adapter a succeeded job published, tensor by tensor. */
  adapterOf(job: Record<string, any>): Map<string, HostTensor> {
    return unpackAdapter(readFileSync(this.artifactPath(job.organization_id, job.result_files[0]))).tensors;
  }
}

export interface RunnerSpec {
  server: Server;
  token: string;
  workDir: string;
  name: string;
  args?: string[];
}

/** `edgetune runner` through the umbrella CLI, as a user would run it. */
export function startRunner(o: RunnerSpec): Child {
  mkdirSync(o.workDir, { recursive: true });
  // --device cpu unless args say otherwise (a later flag wins): exact resume compares runs on one device
  const argv = [
    'core/bin/edgetune.js', 'runner', '--server', o.server.url, '--token', o.token, '--device', 'cpu', '--work-dir', o.workDir,
    '--runner-id', o.name, '--poll-ms', '200', ...(o.args ?? []),
  ];
  return new Child(o.name, spawn(process.execPath, argv, { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Largest |a - b| over every tensor; the names must match. */
export function maxAbsDiff(a: Map<string, HostTensor>, b: Map<string, HostTensor>): number {
  if ([...a.keys()].sort().join() !== [...b.keys()].sort().join()) throw new Error(`tensor names differ: ${[...a.keys()]} vs ${[...b.keys()]}`);
  let max = 0;
  for (const [k, t] of a) {
    const u = b.get(k)!;
    if (t.data.length !== u.data.length) throw new Error(`${k}: ${t.data.length} vs ${u.data.length} values`);
    for (let i = 0; i < t.data.length; i++) max = Math.max(max, Math.abs(Number(t.data[i]) - Number(u.data[i])));
  }
  return max;
}

const COLORS = ['red', 'blue', 'green'];
export const ROWS = Array.from({ length: 24 }, (_, i) => ({ prompt: `the ${COLORS[i % 3]} cat`, completion: ` sat on mat ${i % 4}.` }));

/** A LoRA job on the tiny model: `steps` optimizer steps of batch 4 × 32 tokens. */
export const jobBody = (training_file: string, steps: number, extra: Record<string, unknown> = {}) => ({
  model: 'tiny', training_file, seed: 7, suffix: 'cats',
  method: { type: 'lora', config: { r: 4, target_modules: ['c_attn'] } },
  hyperparameters: { steps, batch_size: 4, seq_len: 32, learning_rate: 0.003 },
  ...extra,
});
