/** A matrix in either layout: [in, out] (graph layout, GPT-2's Conv1D) or [out, in] (nn.Linear). */
export interface Layout {
  inF: number;
  out: number;
  /** true for [out, in] */
  outMajor: boolean;
}

const at = (l: Layout, o: number, i: number) => (l.outMajor ? o * l.inF + i : i * l.out + o);

/** W + s·B·A in W's layout; A: [r, in], B: [out, r]. */
export function addLowRank(w: Float32Array, a: Float32Array, b: Float32Array, scaling: number, l: Layout): Float32Array {
  const r = a.length / l.inF;
  const out = Float32Array.from(w);
  for (let o = 0; o < l.out; o++) {
    for (let i = 0; i < l.inF; i++) {
      let d = 0;
      for (let k = 0; k < r; k++) d += b[o * r + k]! * a[k * l.inF + i]!;
      out[at(l, o, i)]! += scaling * d;
    }
  }
  return out;
}

/** L2 norm of each output row of W, [out] (torch.linalg.norm(W, dim=1) on the [out, in] layout). */
export function rowNorms(w: Float32Array, l: Layout): Float32Array {
  const norms = new Float32Array(l.out);
  for (let o = 0; o < l.out; o++) {
    let sum = 0;
    for (let i = 0; i < l.inF; i++) sum += w[at(l, o, i)]! ** 2;
    norms[o] = Math.sqrt(sum);
  }
  return norms;
}

/** Multiplies each output row o of W by f[o], in place. */
export function scaleRows(w: Float32Array, f: Float32Array, l: Layout): void {
  for (let o = 0; o < l.out; o++) for (let i = 0; i < l.inF; i++) w[at(l, o, i)]! *= f[o]!;
}
