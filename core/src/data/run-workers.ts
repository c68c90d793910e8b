// Worker-thread mode of the pipeline: this thread reads and cuts the input into ~1 MiB batches
// of whole lines; workers parse, validate, clean, hash and encode them (batch.ts), and so does
// this thread when they are all busy; results go through the same Reducer as in-thread records
// in submission order, so both modes give the same output. At most two batches per worker are
// in flight and 3n + 2 are unreduced (bounded memory).
import { DataError } from './errors.ts';
import { LineSplitter } from './lines.ts';
import type { PipelineOptions } from './pipeline.ts';
import { DEFAULT_MAX_RECORD_BYTES } from './read.ts';
import type { Reducer } from './reduce.ts';
import { byteChunks } from './source.ts';
import type { ChunkSource } from './types.ts';
import { unpackBatch, type BatchRequest, type BatchResult, type WorkerInit } from './worker-protocol.ts';
import { BatchProcessor } from './batch.ts';
import { parseJsonLine } from './jsonl.ts';
import { normalizeText } from './normalize.ts';
import { mapRecordStringsInPlace, previewRecord } from './record-text.ts';
import { validateRecord } from './validate.ts';
import { WorkerPool } from './worker-pool.ts';

export async function runWorkers(source: ChunkSource, opts: PipelineOptions, reducer: Reducer, onBytes: (n: number) => void, count: number): Promise<void> {
  if (!opts.workerTokenizer) {
    throw new DataError('invalid_options', 'workers need workerTokenizer ({ module, export, options }) so that each worker can build its tokenizer', { field: 'workerTokenizer' });
  }
  const { tokenizer: _objectStaysHere, qaPrompt, ...encode } = opts.encode; // workers build their own
  if (qaPrompt) throw new DataError('invalid_options', 'encode.qaPrompt is a function and cannot be sent to workers; use workers: 0', { field: 'encode.qaPrompt' });
  const maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const init: WorkerInit = { kind: opts.kind ?? 'auto', maxRecordBytes, clean: opts.clean, encode, augment: opts.augment, tokenizer: opts.workerTokenizer };
  const pool = await WorkerPool.start(count, init);
  // This thread processes a batch itself while the workers start up, and whenever every worker
  // already has two queued: with n workers on n cores it would otherwise sit idle while they
  // work (or, on a busy machine, wait for a worker that cannot get a core). Results are reduced
  // in submission order either way.
  const local = opts.mainThreadBatches === false ? undefined : new BatchProcessor(init, opts.encode.tokenizer);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const preview = (buf: Uint8Array, start: number, end: number): string => {
    const raw = parseJsonLine(buf.subarray(start, end), 0, decoder);
    const v = raw?.error ?? validateRecord(raw?.value, init.kind);
    return v instanceof DataError ? '' : previewRecord(mapRecordStringsInPlace(v, (t) => normalizeText(t, opts.clean)));
  };
  const queue: Pending[] = []; // submission order
  let atWorkers = 0;
  const batcher = new Batcher(opts.batchBytes ?? 1 << 20);
  // Buffers go back to the thread that made them, so that no thread allocates fresh ones.
  const recycle = Array.from({ length: count + 1 }, (): ArrayBuffer[] => []); // [worker..., this thread]
  const handle = async (r: BatchResult, owner: number) => {
    for (const item of unpackBatch(r, preview)) {
      if (item instanceof DataError) reducer.invalid(item);
      else {
        const pending = reducer.add(item);
        if (pending) await pending;
      }
    }
    // add() has read the hashes, signatures, tokens and line bytes; their buffers are reused
    recycle[owner]!.push(r.hashes.buffer as ArrayBuffer, r.sigs.buffer as ArrayBuffer, r.ids.buffer as ArrayBuffer, r.labels.buffer as ArrayBuffer);
    batcher.reuse(r.buf);
  };
  const drain = async (wait: boolean) => {
    while (queue.length > 0 && (queue[0]!.result || wait)) {
      const head = queue.shift()!;
      await handle(head.result ?? (await head.promise!), head.owner);
      wait = false;
    }
  };
  let seq = 0;
  const submit = async () => {
    if (pool.startError) throw pool.startError;
    const owner = local && (atWorkers >= 2 * count || !pool.ready) ? count : pool.nextWorker;
    const req = batcher.take(seq++, recycle[owner]!.splice(0));
    if (owner === count) queue.push({ owner, result: local!.process(req) });
    else {
      const slot: Pending = { owner };
      atWorkers++;
      slot.promise = pool.run(req).then((r) => {
        atWorkers--;
        return (slot.result = r);
      });
      slot.promise.catch(() => {}); // awaited in order below; avoid an unhandled rejection meanwhile
      queue.push(slot);
    }
    await drain(false);
    while (queue.length >= 3 * count + 2) await drain(true);
  };
  try {
    const splitter = new LineSplitter(maxRecordBytes);
    const add = (l: { line: number; bytes: Uint8Array | undefined; size: number }) => batcher.add(l.line, l.bytes, l.size);
    for await (const chunk of byteChunks(source, { maxFileBytes: opts.maxFileBytes, onBytes })) {
      splitter.push(chunk, add);
      if (batcher.full) await submit();
    }
    splitter.end(add);
    if (!batcher.empty) await submit();
    while (queue.length > 0) await drain(true);
    await pool.started; // a worker that failed to start is an error even if this thread did everything
  } finally {
    await pool.close();
  }
}

interface Pending {
  /** Which thread processed it: a worker's index, or count for this thread. */
  owner: number;
  promise?: Promise<BatchResult>;
  result?: BatchResult;
}

/** Collects complete lines into one buffer for a worker; buffers come back for reuse. */
class Batcher {
  private buf: Uint8Array;
  private len = 0;
  private lines: number[] = [];
  private sizes: number[] = [];
  private readonly free: ArrayBuffer[] = [];

  constructor(private readonly target: number) {
    this.buf = this.fresh();
  }

  reuse(buf: ArrayBuffer): void {
    if (buf.byteLength >= this.target) this.free.push(buf);
  }

  get full(): boolean {
    return this.len >= this.target;
  }

  get empty(): boolean {
    return this.lines.length === 0;
  }

  add(line: number, bytes: Uint8Array | undefined, size: number): void {
    if (bytes) {
      if (this.len + bytes.length > this.buf.length) {
        const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + bytes.length));
        next.set(this.buf.subarray(0, this.len));
        this.buf = next;
      }
      this.buf.set(bytes, this.len);
      this.len += bytes.length;
    }
    this.lines.push(line);
    this.sizes.push(size);
  }

  /** Hands the buffer over (it is transferred to the worker) and starts another. */
  take(seq: number, recycle: ArrayBuffer[]): BatchRequest {
    const req: BatchRequest = { seq, buf: this.buf.subarray(0, this.len), lines: Int32Array.from(this.lines), sizes: Int32Array.from(this.sizes), recycle };
    this.buf = this.fresh();
    this.len = 0;
    this.lines = [];
    this.sizes = [];
    return req;
  }

  private fresh(): Uint8Array {
    const b = this.free.pop();
    return b ? new Uint8Array(b) : new Uint8Array(this.target + (this.target >> 2));
  }
}
