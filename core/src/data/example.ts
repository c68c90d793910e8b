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
  const buf = new ArrayBuffer(8 * n);
  return { input_ids: new Int32Array(buf, 0, n), labels: new Int32Array(buf, 4 * n, n) };
}

/** A copy of ids and labels (equal lengths) in arrays of its own, as exampleArrays makes them. */
export function copyExample(ids: ArrayLike<number>, labels: ArrayLike<number>): Encoded {
  const ex = exampleArrays(ids.length);
  ex.input_ids.set(ids);
  ex.labels.set(labels);
  return ex;
}
