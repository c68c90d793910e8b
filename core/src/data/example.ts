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

/** Where an encoder gets an example's arrays: exampleArrays, or a ScratchExamples' alloc. */
export type ExampleAlloc = (n: number) => Encoded;

/** A copy of ids and labels (equal lengths) in arrays from alloc (default: of its own). */
export function copyExample(ids: ArrayLike<number>, labels: ArrayLike<number>, alloc: ExampleAlloc = exampleArrays): Encoded {
  const ex = alloc(ids.length);
  ex.input_ids.set(ids);
  ex.labels.set(labels);
  return ex;
}

/**
 * Examples that live only until they are copied elsewhere (a data worker writes each into its
 * batch's flat buffers): views of one reused buffer, where exampleArrays pays for an ArrayBuffer
 * each. With two threads allocating and V8's sweepers freeing, those allocations contended
 * (malloc) and cost a worker 0.3 s of bench:data. reset() once the examples have been copied.
 */
export class ScratchExamples {
  private buf = new ArrayBuffer(1 << 20);
  private used = 0;

  readonly alloc: ExampleAlloc = (n) => {
    const bytes = 8 * n;
    // a bigger buffer when this one is full; views already handed out keep the old one alive
    if (this.used + bytes > this.buf.byteLength) {
      this.buf = new ArrayBuffer(Math.max(2 * this.buf.byteLength, bytes));
      this.used = 0;
    }
    const at = this.used;
    this.used += bytes;
    return viewsAt(this.buf, at, n);
  };

  /** Invalidates every example handed out so far. */
  reset(): void {
    this.used = 0;
  }
}
