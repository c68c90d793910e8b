// The per-record half of the pipeline on a batch of JSONL lines: parse, validate, clean, hash
// and encode. Worker threads run it (worker.ts), and so does the pipeline's own thread in worker
// mode whenever the workers are busy (run-workers.ts), so both cores stay at work.
//
// A result is a few flat arrays, not an object per record: posting 100k small objects or
// transferring 200k token buffers costs more than the work (see worker-protocol.ts).
import { Augmenter } from './augment.ts';
import { Encoder, hasTrainableTokens, labelKeys } from './encode.ts';
import { DataError } from './errors.ts';
import { parseJsonLine, tooLarge } from './jsonl.ts';
import { ExampleArena } from './example.ts';
import { LabelVocab } from './label-vocab.ts';
import { RecordPreparer } from './prepare.ts';
import type { LineRecord } from './read.ts';
import { previewRecord } from './record-text.ts';
import { RECORD_KINDS } from './schemas.ts';
import type { EncodedExample, TokenizerLike } from './types.ts';
import { validateRecord } from './validate.ts';
import { errorInfo, META, type BatchRequest, type BatchResult, type ErrorInfo, type WorkerInit } from './worker-protocol.ts';

const KIND_INDEX = new Map(RECORD_KINDS.map((k, i) => [k, i]));

export class BatchProcessor {
  private readonly preparer: RecordPreparer;
  private readonly encoder: Encoder;
  private readonly augmenter?: Augmenter;
  private readonly numPerm: number;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly spare: ArrayBuffer[] = [];
  /** Examples live only until add() copies them into the batch's flat buffers. */
  private readonly scratch = new ExampleArena();

  constructor(
    private readonly init: WorkerInit,
    tokenizer: TokenizerLike,
  ) {
    this.preparer = new RecordPreparer(init.clean, true);
    // one thread sees only some records: type mixing is checked by the pipeline's global vocabulary
    this.encoder = new Encoder({ ...init.encode, tokenizer }, { labels: new LabelVocab(init.encode.labels ?? [], { strictTypes: false }), alloc: this.scratch.alloc });
    this.augmenter = init.augment && init.augment.copies > 0 ? new Augmenter(init.augment) : undefined;
    this.numPerm = init.clean?.nearDedup === false ? 0 : (init.clean?.nearDedup?.numPerm ?? 128);
  }

  // Reused buffers (see worker-protocol.ts): sized for the largest batch so far.
  private u32(n: number): Uint32Array<ArrayBuffer> {
    const bytes = Math.max(4 * n, 4);
    let best = -1; // the smallest that fits
    for (let i = 0; i < this.spare.length; i++) {
      const len = this.spare[i]!.byteLength;
      if (len >= bytes && (best < 0 || len < this.spare[best]!.byteLength)) best = i;
    }
    return best >= 0 ? new Uint32Array(this.spare.splice(best, 1)[0]!, 0, n) : new Uint32Array(new ArrayBuffer(bytes + (bytes >> 2)), 0, n);
  }

  private i32(n: number): Int32Array<ArrayBuffer> {
    const u = this.u32(n);
    return new Int32Array(u.buffer, 0, n);
  }

  process(req: BatchRequest): BatchResult {
    const { init, preparer, encoder, augmenter, numPerm } = this;
    this.spare.push(...req.recycle);
    const n = req.lines.length;
    const lines = new Int32Array(n);
    const meta = new Int32Array(n);
    const spans = new Int32Array(2 * n);
    const hashes = this.u32(2 * n);
    const sigs = this.u32(numPerm * n);
    const errors: ErrorInfo[] = [];
    const keys: (string | number)[][] = [];
    const previews: string[] = [];
    const offsets: number[] = [0];
    const targets: number[] = [];
    let tokens = 0;
    // every example's tokens go into one buffer for ids and one for labels (reused: the main
    // thread copies out the examples it keeps and hands them back)
    // sized for about a token per byte, so that growing (a copy) is rare
    const capacity = req.buf.length + (req.buf.length >> 3) + 1024;
    let ids = this.i32(capacity);
    let labels = this.i32(capacity);
    const add = (ex: EncodedExample) => {
      targets.push(ex.target ?? NaN);
      const len = ex.input_ids.length;
      if (tokens + len > ids.length) {
        const cap = Math.max(2 * ids.length, tokens + len);
        this.spare.push(ids.buffer, labels.buffer);
        ids = grow(ids, this.i32(cap), tokens);
        labels = grow(labels, this.i32(cap), tokens);
      }
      ids.set(ex.input_ids, tokens);
      labels.set(ex.labels, tokens);
      tokens += len;
      offsets.push(tokens);
    };
    let items = 0;
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const line = req.lines[i]!;
      const size = req.sizes[i]!;
      if (size > init.maxRecordBytes) {
        lines[items] = line;
        meta[items++] = META.error;
        errors.push(errorInfo(tooLarge(line, init.maxRecordBytes)));
        continue;
      }
      const raw = parseJsonLine(req.buf.subarray(pos, pos + size), line, this.decoder);
      pos += size;
      if (!raw) continue;
      const v = raw.error ?? validateRecord(raw.value, init.kind, line);
      if (v instanceof DataError) {
        lines[items] = line;
        meta[items++] = META.error;
        errors.push(errorInfo(v));
        continue;
      }
      const rec = v as LineRecord;
      rec.line = line;
      rec.bytes = size;
      const p = preparer.prepare(rec);
      const idx = items++;
      lines[idx] = line;
      spans[2 * idx] = pos - size;
      spans[2 * idx + 1] = pos;
      let m = KIND_INDEX.get(rec.kind)!;
      if (rec.kind === 'classification' || rec.kind === 'tagging') keys.push(labelKeys(p.rec));
      hashes[2 * idx] = p.hashHi;
      hashes[2 * idx + 1] = p.hashLo;
      if (p.drop) {
        meta[idx] = m | (p.drop === 'empty' ? META.empty : META.tooLong);
        previews.push(previewRecord(p.rec));
        continue;
      }
      if (p.sig) {
        m |= META.sig;
        sigs.set(p.sig, idx * numPerm);
      }
      try {
        this.scratch.reset(); // the last record's examples were copied by add()
        const main = encoder.encode(p.rec);
        const copies = augmenter ? augmenter.augment(p.rec).map((c) => encoder.encode(c)) : [];
        add(main);
        for (const c of copies) add(c);
        m |= (1 + copies.length) << META.examplesShift;
        // the preview is read on the main thread only when the record is dropped after its split
        if (!hasTrainableTokens(main)) m |= META.preview;
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        m |= META.encodeError | META.preview;
        errors.push(errorInfo(e));
      }
      if (m & META.preview) previews.push(previewRecord(p.rec));
      meta[idx] = m;
    }
    return {
      seq: req.seq,
      lines: lines.subarray(0, items),
      meta: meta.subarray(0, items),
      spans: spans.subarray(0, 2 * items),
      errors,
      keys,
      previews,
      hashes,
      sigs,
      numPerm,
      offsets: Int32Array.from(offsets),
      ids,
      labels,
      targets: Float64Array.from(targets),
      tagNames: [...encoder.tagVocab.names],
      buf: req.buf.buffer as ArrayBuffer,
    };
  }
}

function grow(a: Int32Array, b: Int32Array<ArrayBuffer>, used: number): Int32Array<ArrayBuffer> {
  b.set(a.subarray(0, used));
  return b;
}
