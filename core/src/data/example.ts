// The arrays of one encoded example, and how they are allocated.

export interface Encoded {
  input_ids: Int32Array;
  labels: Int32Array;
}

/**
 * input_ids and labels of n tokens as two views of one ArrayBuffer. Allocating a buffer costs
 * about a microsecond however small it is (a third of bench:data's tokenization when every
 * example took two and its temporaries two more), so an example pays for one.
 */
export function exampleArrays(n: number): Encoded {
  return viewsAt(new ArrayBuffer(8 * n), 0, n);
}

/** input_ids and labels of n tokens side by side in buf from byte `at` (8n bytes). */
export function viewsAt(buf: ArrayBuffer, at: number, n: number): Encoded {
  return { input_ids: new Int32Array(buf, at, n), labels: new Int32Array(buf, at + 4 * n, n) };
}

/** Where an encoder gets an example's arrays: exampleArrays, or an ExampleArena's alloc. */
export type ExampleAlloc = (n: number) => Encoded;

/** A copy of ids and labels (equal lengths) in arrays from alloc (default: of its own). */
export function copyExample(ids: ArrayLike<number>, labels: ArrayLike<number>, alloc: ExampleAlloc = exampleArrays): Encoded {
  const ex = alloc(ids.length);
  ex.input_ids.set(ids);
  ex.labels.set(labels);
  return ex;
}

const CHUNK_BYTES = 256 << 10;
const POOL_CHUNKS = 16;

/**
 * Examples in reused memory, for examples that live only until they are copied or delivered (a
 * data worker's, copied into its batch's flat buffers; a borrowing sink's): views of 256 KiB
 * chunks, where exampleArrays pays for an ArrayBuffer each. With two threads allocating and V8's
 * sweepers freeing, those allocations contended (malloc) and cost a worker 0.3 s of bench:data.
 * reset() hands the chunks back to the pool, which several arenas may share.
 */
export class ExampleArena {
  private chunk?: ArrayBuffer;
  private used = 0;
  private readonly inUse: ArrayBuffer[] = [];

  constructor(private readonly pool: ArrayBuffer[] = []) {}

  readonly alloc: ExampleAlloc = (n) => {
    const bytes = 8 * n;
    // another chunk when this one is full; views already handed out keep theirs alive
    if (!this.chunk || this.used + bytes > this.chunk.byteLength) {
      // an example over a chunk gets a buffer of its own, which is not pooled
      this.chunk = bytes > CHUNK_BYTES ? new ArrayBuffer(bytes) : (this.pool.pop() ?? new ArrayBuffer(CHUNK_BYTES));
      this.inUse.push(this.chunk);
      this.used = 0;
    }
    const at = this.used;
    this.used += bytes;
    return viewsAt(this.chunk, at, n);
  };

  /** Invalidates every example handed out so far. */
  reset(): void {
    for (const c of this.inUse) if (c.byteLength === CHUNK_BYTES && this.pool.length < POOL_CHUNKS) this.pool.push(c);
    this.inUse.length = 0;
    this.chunk = undefined;
  }
}
