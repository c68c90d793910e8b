// Worker thread entry: parses, validates, cleans and encodes batches of JSONL lines (the
// per-record half of the pipeline, batch.ts); the pipeline's thread does the rest in file order.
import { parentPort, workerData } from 'node:worker_threads';
import { BatchProcessor } from './batch.ts';
import type { TokenizerLike } from './types.ts';
import { resultTransfers, type BatchRequest, type WorkerInit } from './worker-protocol.ts';

const init = workerData as WorkerInit;

async function setup(): Promise<BatchProcessor> {
  return new BatchProcessor(init, await loadTokenizer(init));
}

async function loadTokenizer(i: WorkerInit): Promise<TokenizerLike> {
  // (TypeScript sources load too when this worker runs under tsx: see worker-pool.ts)
  const mod = (await import(i.tokenizer.module)) as Record<string, unknown>;
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
