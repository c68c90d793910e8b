// Worker thread entry: parses, validates, cleans and encodes batches of JSONL lines (the
// per-record half of the pipeline, batch.ts); the pipeline's thread does the rest in file order.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { BatchProcessor } from './batch.ts';
import type { TokenizerLike } from './types.ts';
import { resultTransfers, type BatchRequest, type WorkerInit } from './worker-protocol.ts';

// No top-level await: under tsx this file may be loaded through require() (see worker-pool.ts).
const init = workerData as WorkerInit;

async function setup(): Promise<BatchProcessor> {
  return new BatchProcessor(init, await loadTokenizer(init));
}

async function loadTokenizer(i: WorkerInit): Promise<TokenizerLike> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(i.tokenizer.module)) as Record<string, unknown>;
  } catch (e) {
    // TypeScript sources load through the require() hook when this worker runs under tsx
    if (!/\.[cm]?ts$/.test(i.tokenizer.module)) throw e;
    const path = i.tokenizer.module.startsWith('file:') ? fileURLToPath(i.tokenizer.module) : i.tokenizer.module;
    mod = createRequire(import.meta.url)(path) as Record<string, unknown>;
  }
  const name = i.tokenizer.export ?? 'createTokenizer';
  const factory = mod[name];
  if (typeof factory !== 'function') throw new Error(`${i.tokenizer.module} has no function export ${name}`);
  return (await factory(i.tokenizer.options)) as TokenizerLike;
}

const state = setup();
parentPort!.on('message', (req: BatchRequest | { close: true }) => {
  if ('close' in req) return void state.finally(() => parentPort!.close());
  state
    .then((st) => {
      const r = st.process(req);
      parentPort!.postMessage({ ok: true, result: r }, resultTransfers(r));
    })
    .catch((e: unknown) => parentPort!.postMessage({ ok: false, error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) }));
});
state.then(
  () => parentPort!.postMessage({ ready: true }),
  (e: unknown) => parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
);
