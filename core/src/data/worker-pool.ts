// Worker threads for the pipeline (Node only; loaded lazily so the rest of data/ runs anywhere).
// Batches go out round-robin and come back in submission order.
import { DataError } from './errors.ts';
import type { BatchRequest, BatchResult, WorkerInit } from './worker-protocol.ts';

interface Pending {
  resolve: (r: BatchResult) => void;
  reject: (e: Error) => void;
}

type Msg = { ready: true } | { ok: true; result: BatchResult } | { ok: false; error: string };

export class WorkerPool {
  private readonly queues: Pending[][];
  private next = 0;
  private readonly exited = new Set<import('node:worker_threads').Worker>();
  /** Every worker has loaded its tokenizer. */
  ready = false;
  /** Settles when every worker is ready; rejects with the first startup error (the pool is closed then). */
  readonly started: Promise<void>;
  /** That startup error, once there is one (for callers that must not wait for `started`). */
  startError: unknown;

  private constructor(private readonly workers: import('node:worker_threads').Worker[]) {
    this.queues = workers.map(() => []);
    workers.forEach((w, i) => {
      w.on('message', (m: Msg) => {
        if ('ready' in m) return;
        const p = this.queues[i]!.shift();
        if (!p) return;
        if (m.ok) p.resolve(m.result);
        else p.reject(new Error(`data worker failed: ${m.error}`));
      });
      w.on('error', (e) => this.failAll(i, e));
      w.on('exit', (code) => {
        this.exited.add(w);
        if (code !== 0) this.failAll(i, new Error(`data worker exited with code ${code}`));
      });
    });
    this.started = Promise.all(workers.map(whenReady)).then(
      () => void (this.ready = true),
      async (e) => {
        await this.close();
        throw e;
      },
    );
    this.started.catch((e: unknown) => (this.startError = e)); // (also: a caller that stops early leaves no unhandled rejection)
  }

  /**
   * Spawns the workers without waiting for them: loading a tokenizer (and, from TypeScript
   * sources, compiling the worker) takes about half a second, which the caller can spend on
   * work of its own. See `ready` and `started`.
   */
  static async start(count: number, init: WorkerInit): Promise<WorkerPool> {
    let threads: typeof import('node:worker_threads');
    try {
      threads = await import('node:worker_threads');
    } catch {
      throw new DataError('invalid_options', 'workers need node:worker_threads; use workers: 0 on this runtime', { field: 'workers' });
    }
    return new WorkerPool(Array.from({ length: count }, () => spawn(threads, init)));
  }

  /** Index of the worker the next run() goes to. */
  get nextWorker(): number {
    return this.next;
  }

  /** Sends a batch (once the pool has started); resolves with its result. */
  run(req: BatchRequest): Promise<BatchResult> {
    const i = this.next;
    this.next = (this.next + 1) % this.workers.length;
    const post = () =>
      new Promise<BatchResult>((resolve, reject) => {
        this.queues[i]!.push({ resolve, reject });
        this.workers[i]!.postMessage(req, [req.buf.buffer as ArrayBuffer, req.lines.buffer as ArrayBuffer, req.sizes.buffer as ArrayBuffer, ...req.recycle]);
      });
    return this.ready ? post() : this.started.then(post);
  }

  /** Asks each worker to exit once idle (so exit hooks such as --cpu-prof run); terminates after 5 s. */
  async close(): Promise<void> {
    const running = this.workers.filter((w) => !this.exited.has(w));
    const exit = (w: import('node:worker_threads').Worker) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => void w.terminate().then(() => resolve()), 5000);
        w.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        w.postMessage({ close: true });
      });
    await Promise.all(running.map(exit));
  }

  private failAll(i: number, e: Error): void {
    for (const p of this.queues[i]!.splice(0)) p.reject(e);
  }
}

/** Resolves when the worker has loaded its tokenizer; rejects with why it could not. */
function whenReady(w: import('node:worker_threads').Worker): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onMsg = (m: Msg) => {
      if ('ready' in m) resolve();
      else if (!m.ok) reject(new DataError('invalid_options', `data worker failed to start: ${m.error}`, { field: 'workerTokenizer' }));
      else return;
      w.off('message', onMsg);
    };
    w.on('message', onMsg);
    w.once('error', reject);
  });
}

/**
 * Starts one worker. From compiled JavaScript the worker file loads as is. From TypeScript
 * sources under tsx, Node 20 does not pass the ESM loader hooks on to workers
 * (nodejs/node#47747), so the worker registers tsx's ESM hooks itself and then imports the
 * source. (tsx's CommonJS hook would also load it, but turns every import into a getter call,
 * which in the per-character loops of shingles.ts made a worker 2× slower.)
 */
function spawn(threads: typeof import('node:worker_threads'), init: WorkerInit): import('node:worker_threads').Worker {
  const url = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  if (!url.pathname.endsWith('.ts')) return new threads.Worker(url, { workerData: init });
  let api: string;
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    throw new DataError('invalid_options', 'workers running from TypeScript sources need tsx installed and Node >= 20.6 (module.register)', { field: 'workers' });
  }
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  // (a --cpu-prof of the pipeline profiles its workers too)
  return new threads.Worker(code, { eval: true, workerData: init, execArgv: process.execArgv.filter((a) => a.startsWith('--cpu-prof')) });
}
