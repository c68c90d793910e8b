import { ops, toFloat32, type Graph, type HostTensor, type Value } from '@edgetune/core';
import type { Backend } from './encoder.ts';

/** The encoder as graph nodes (trained by autodiff). */
export function graphBackend(g: Graph): Backend<Value> {
  return {
    linear: (x, w, b) => ops.add(ops.matmul(x, ops.transpose(w, [1, 0])), b),
    relu: ops.relu,
    tanh: ops.tanh,
    sigmoid: ops.sigmoid,
    add: ops.add,
    mul: ops.mul,
    rows: (x, start, count) => ops.slice(x, [start], [start + count], [0]),
    cols: (x, start, count) => ops.slice(x, [start], [start + count], [1]),
    catRows: (xs) => (xs.length === 1 ? xs[0]! : ops.concat(xs, 0)),
    catCols: (xs) => (xs.length === 1 ? xs[0]! : ops.concat(xs, 1)),
    zeros: (r, c) => ops.expand(ops.scalar(g, 0), [r, c]),
  };
}

/** A row-major float64 matrix; 1-D tensors are one row. */
export interface Mat {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function matFrom(t: HostTensor): Mat {
  const cols = t.shape[t.shape.length - 1] ?? 1;
  return { rows: t.data.length / cols, cols, data: Float64Array.from(toFloat32(t)) };
}

const map = (x: Mat, f: (v: number) => number): Mat => ({ ...x, data: x.data.map(f) });
const zip = (a: Mat, b: Mat, f: (p: number, q: number) => number): Mat => ({ ...a, data: a.data.map((v, i) => f(v, b.data[i]!)) });

/** The same encoder on the host, in float64, for saving PEFT's `prompt_embeddings`. */
export const hostBackend: Backend<Mat> = {
  linear(x, w, b) {
    const out = new Float64Array(x.rows * w.rows);
    for (let r = 0; r < x.rows; r++) {
      for (let o = 0; o < w.rows; o++) {
        let s = b.data[o]!;
        for (let i = 0; i < x.cols; i++) s += x.data[r * x.cols + i]! * w.data[o * w.cols + i]!;
        out[r * w.rows + o] = s;
      }
    }
    return { rows: x.rows, cols: w.rows, data: out };
  },
  relu: (x) => map(x, (v) => Math.max(v, 0)),
  tanh: (x) => map(x, Math.tanh),
  sigmoid: (x) => map(x, (v) => 1 / (1 + Math.exp(-v))),
  add: (a, b) => zip(a, b, (p, q) => p + q),
  mul: (a, b) => zip(a, b, (p, q) => p * q),
  rows: (x, start, count) => ({ rows: count, cols: x.cols, data: x.data.slice(start * x.cols, (start + count) * x.cols) }),
  cols(x, start, count) {
    const data = new Float64Array(x.rows * count);
    for (let r = 0; r < x.rows; r++) data.set(x.data.subarray(r * x.cols + start, r * x.cols + start + count), r * count);
    return { rows: x.rows, cols: count, data };
  },
  catRows: (xs) => ({ rows: xs.reduce((n, x) => n + x.rows, 0), cols: xs[0]!.cols, data: Float64Array.from(xs.flatMap((x) => [...x.data])) }),
  catCols(xs) {
    const cols = xs.reduce((n, x) => n + x.cols, 0);
    const data = new Float64Array(xs[0]!.rows * cols);
    for (let r = 0; r < xs[0]!.rows; r++) {
      let at = r * cols;
      for (const x of xs) {
        data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), at);
        at += x.cols;
      }
    }
    return { rows: xs[0]!.rows, cols, data };
  },
  zeros: (r, c) => ({ rows: r, cols: c, data: new Float64Array(r * c) }),
};
