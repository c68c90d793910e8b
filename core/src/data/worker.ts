// Worker thread entry: parses, validates, cleans and encodes batches of JSONL lines (the
// per-record half of the pipeline); the pipeline's thread does the rest in file order.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { Augmenter } from './augment.ts';
import { Encoder, labelKeys } from './encode.ts';
import { DataError } from './errors.ts';
import { parseJsonLine, tooLarge } from './jsonl.ts';
import { LabelVocab } from './label-vocab.ts';
import { RecordPreparer } from './prepare.ts';
import type { LineRecord } from './read.ts';
import { previewRecord } from './record-text.ts';
import { recordStratum } from './split.ts';
import type { TokenizerLike } from './types.ts';
import { validateRecord } from './validate.ts';
import { errorInfo, resultTransfers, type BatchRequest, type BatchResult, type ItemMeta, type WorkerInit } from './worker-protocol.ts';

// No top-level await: under tsx this file may be loaded through require() (see worker-pool.ts).
const init = workerData as WorkerInit;
const numPerm = init.clean?.nearDedup === false ? 0 : (init.clean?.nearDedup?.numPerm ?? 128);
const decoder = new TextDecoder('utf-8', { fatal: true });

interface State {
  preparer: RecordPreparer;
  encoder: Encoder;
  augmenter?: Augmenter;
}

async function setup(): Promise<State> {
  const tokenizer = await loadTokenizer(init);
  return {
    preparer: new RecordPreparer(init.clean, true),
    // a worker sees only some records: type mixing is checked by the pipeline's global vocabulary
    encoder: new Encoder({ ...init.encode, tokenizer }, { labels: new LabelVocab(init.encode.labels ?? [], { strictTypes: false }) }),
    augmenter: init.augment && init.augment.copies > 0 ? new Augmenter(init.augment) : undefined,
  };
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

// Reused buffers (see worker-protocol.ts): sized for the largest batch so far.
const spare: ArrayBuffer[] = [];
function u32(n: number): Uint32Array {
  const bytes = Math.max(4 * n, 4);
  const i = spare.findIndex((b) => b.byteLength >= bytes);
  return i >= 0 ? new Uint32Array(spare.splice(i, 1)[0]!, 0, n) : new Uint32Array(new ArrayBuffer(bytes + (bytes >> 2)), 0, n);
}

function processBatch({ preparer, encoder, augmenter }: State, req: BatchRequest): BatchResult {
  spare.push(...req.recycle);
  const items: ItemMeta[] = [];
  const n = req.lines.length;
  const hashes = u32(2 * n);
  const sigs = u32(numPerm * n);
  const ids: Int32Array[] = [];
  const labels: Int32Array[] = [];
  const targets: number[] = [];
  const add = (ex: { input_ids: Int32Array; labels: Int32Array; target?: number }) => {
    // own buffers, exactly sized, so that each can be transferred
    ids.push(ex.input_ids.byteOffset === 0 && ex.input_ids.byteLength === ex.input_ids.buffer.byteLength ? ex.input_ids : ex.input_ids.slice());
    labels.push(ex.labels.byteOffset === 0 && ex.labels.byteLength === ex.labels.buffer.byteLength && ex.labels.buffer !== ex.input_ids.buffer ? ex.labels : ex.labels.slice());
    targets.push(ex.target ?? NaN);
  };
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const line = req.lines[i]!;
    const size = req.sizes[i]!;
    if (size > init.maxRecordBytes) {
      items.push({ line, error: errorInfo(tooLarge(line, init.maxRecordBytes)) });
      continue;
    }
    const raw = parseJsonLine(req.buf.subarray(pos, pos + size), line, decoder);
    pos += size;
    if (!raw) continue;
    const v = raw.error ?? validateRecord(raw.value, init.kind, line);
    if (v instanceof DataError) {
      items.push({ line, error: errorInfo(v) });
      continue;
    }
    const rec = v as LineRecord;
    rec.line = line;
    rec.bytes = size;
    const p = preparer.prepare(rec);
    const idx = items.length;
    const meta: ItemMeta = { line, kind: rec.kind, stratum: recordStratum(p.rec), labelKeys: labelKeys(p.rec), preview: previewRecord(p.rec), drop: p.drop };
    items.push(meta);
    hashes[2 * idx] = p.hashHi;
    hashes[2 * idx + 1] = p.hashLo;
    if (p.sig && !p.drop) {
      meta.hasSig = true;
      sigs.set(p.sig, idx * numPerm);
    }
    if (p.drop) continue;
    try {
      add(encoder.encode(p.rec));
      let count = 1;
      for (const copy of augmenter?.augment(p.rec) ?? []) {
        add(encoder.encode(copy));
        count++;
      }
      meta.examples = count;
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      meta.encodeError = errorInfo(e);
    }
  }
  return { seq: req.seq, items, hashes, sigs, numPerm, ids, labels, targets: Float64Array.from(targets), tagNames: [...encoder.tagVocab.names], buf: req.buf.buffer as ArrayBuffer };
}

const state = setup();
parentPort!.on('message', (req: BatchRequest) => {
  state
    .then((st) => {
      const r = processBatch(st, req);
      parentPort!.postMessage({ ok: true, result: r }, resultTransfers(r));
    })
    .catch((e: unknown) => parentPort!.postMessage({ ok: false, error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) }));
});
state.then(
  () => parentPort!.postMessage({ ready: true }),
  (e: unknown) => parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
);
