// Where the reducer keeps worker-encoded examples while their split block is pending
// (reduce.ts): a batch's token buffers are reused as soon as it is reduced, so kept examples
// are copied out. Owned examples get an ArrayBuffer each (exampleArrays). Borrowed ones (the
// sink copies what it keeps) share 256 KiB chunks per stratum, which go back to a small pool
// once that stratum's block has been delivered: an ArrayBuffer an example cost the reducing
// thread ~0.6 s of bench:data in allocation and the collections it triggers.
import { copyExample, viewsAt, type Encoded } from './example.ts';

const CHUNK_BYTES = 256 << 10;
const POOL_CHUNKS = 16;

interface StratumChunks {
  chunks: ArrayBuffer[];
  used: number; // bytes used in the last chunk
}

export class HeldExamples {
  private readonly strata = new Map<string, StratumChunks>();
  private readonly pool: ArrayBuffer[] = [];

  /** borrowed: copies live until release(stratum); otherwise each copy is the sink's to keep. */
  constructor(readonly borrowed: boolean) {}

  copy(stratum: string, ex: Encoded): Encoded {
    if (!this.borrowed) return copyExample(ex.input_ids, ex.labels);
    const n = ex.input_ids.length;
    const bytes = 8 * n;
    let s = this.strata.get(stratum);
    if (!s) this.strata.set(stratum, (s = { chunks: [], used: 0 }));
    let chunk = s.chunks.at(-1);
    if (!chunk || s.used + bytes > chunk.byteLength) {
      // an example over a chunk gets a buffer of its own, which is not pooled
      chunk = bytes > CHUNK_BYTES ? new ArrayBuffer(bytes) : (this.pool.pop() ?? new ArrayBuffer(CHUNK_BYTES));
      s.chunks.push(chunk);
      s.used = 0;
    }
    const held = viewsAt(chunk, s.used, n);
    s.used += bytes;
    held.input_ids.set(ex.input_ids);
    held.labels.set(ex.labels);
    return held;
  }

  /** The stratum's block has been delivered: its chunks may be reused. */
  release(stratum: string): void {
    const s = this.strata.get(stratum);
    if (!s) return;
    this.strata.delete(stratum);
    for (const c of s.chunks) if (c.byteLength === CHUNK_BYTES && this.pool.length < POOL_CHUNKS) this.pool.push(c);
  }

  releaseAll(): void {
    for (const stratum of [...this.strata.keys()]) this.release(stratum);
  }
}
