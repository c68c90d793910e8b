// Worker-thread mode of the pipeline: this thread reads and cuts the input into ~1 MiB batches
// of whole lines; workers parse, validate, clean, hash and encode them; results come back in
// submission order and go through the same Reducer as in-thread records, so both modes give
// the same output. At most two batches per worker are in flight (bounded memory).
import { DataError } from './errors.ts';
import { LineSplitter } from './lines.ts';
import type { PipelineOptions } from './pipeline.ts';
import { DEFAULT_MAX_RECORD_BYTES } from './read.ts';
import type { Reducer } from './reduce.ts';
import { byteChunks } from './source.ts';
import type { ChunkSource } from './types.ts';
import { unpackBatch, type BatchRequest, type BatchResult } from './worker-protocol.ts';
import { WorkerPool } from './worker-pool.ts';

export async function runWorkers(source: ChunkSource, opts: PipelineOptions, reducer: Reducer, onBytes: (n: number) => void, count: number): Promise<void> {
  if (!opts.workerTokenizer) {
    throw new DataError('invalid_options', 'workers need workerTokenizer ({ module, export, options }) so that each worker can build its tokenizer', { field: 'workerTokenizer' });
  }
  const { tokenizer: _objectStaysHere, qaPrompt, ...encode } = opts.encode; // workers build their own
  if (qaPrompt) throw new DataError('invalid_options', 'encode.qaPrompt is a function and cannot be sent to workers; use workers: 0', { field: 'encode.qaPrompt' });
  const maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const pool = await WorkerPool.start(count, { kind: opts.kind ?? 'auto', maxRecordBytes, clean: opts.clean, encode, augment: opts.augment, tokenizer: opts.workerTokenizer });
  const inFlight: Promise<BatchResult>[] = [];
  const batcher = new Batcher(opts.batchBytes ?? 1 << 20);
  const recycle: ArrayBuffer[] = [];
  const handle = async (r: BatchResult) => {
    for (const item of unpackBatch(r)) {
      if (item instanceof DataError) reducer.invalid(item);
      else await reducer.add(item);
    }
    // add() has read the hashes and signatures; their buffers go back to a worker
    recycle.push(r.hashes.buffer as ArrayBuffer, r.sigs.buffer as ArrayBuffer);
    batcher.reuse(r.buf);
  };
  let seq = 0;
  const submit = async () => {
    const p = pool.run(batcher.take(seq++, recycle.splice(0)));
    p.catch(() => {}); // awaited in order below; avoid an unhandled rejection meanwhile
    inFlight.push(p);
    while (inFlight.length >= 2 * count) await handle(await inFlight.shift()!);
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
    while (inFlight.length > 0) await handle(await inFlight.shift()!);
  } finally {
    await pool.close();
  }
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
