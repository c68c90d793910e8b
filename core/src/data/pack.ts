// Packs short causal-LM examples into fixed-length rows (streaming best-fit over a few open rows).
//
// Per row, all [seqLen]:
//   input_ids    tokens, pad after the last document
//   labels       unshifted targets; IGNORE_INDEX on padding and on each document's first token,
//                so no position is trained to predict the next document's start
//   position_ids restart at 0 for every document (RoPE/learned positions see each document alone)
//   segment_ids  1, 2, … per document, 0 on padding: attention is allowed only where
//                segment_ids[q] == segment_ids[k] != 0 and k <= q (block-diagonal causal)
import { IGNORE_INDEX } from './types.ts';
import type { Encoded } from './example.ts';

export interface PackedRow {
  input_ids: Int32Array;
  labels: Int32Array;
  position_ids: Int32Array;
  segment_ids: Int32Array;
  /** Documents in the row. */
  documents: number;
  /** Non-padding tokens. */
  length: number;
}

export interface PackOptions {
  seqLen: number;
  padTokenId?: number;
  /** Rows kept open for best-fit placement (default 8); more rows, fuller packing. */
  openRows?: number;
}

export class Packer {
  private readonly seqLen: number;
  private readonly pad: number;
  private readonly maxOpen: number;
  private open: PackedRow[] = [];
  /** Examples cut to seqLen because they were longer. */
  truncated = 0;

  constructor(opts: PackOptions) {
    if (!(opts.seqLen >= 1)) throw new RangeError('seqLen must be >= 1');
    this.seqLen = opts.seqLen;
    this.pad = opts.padTokenId ?? 0;
    this.maxOpen = opts.openRows ?? 8;
  }

  /** Adds an example; returns the rows that are complete. */
  add(ex: Encoded & { target?: number }): PackedRow[] {
    if (ex.target !== undefined) throw new RangeError('packing needs token-level labels; examples with one target (classification, regression) are padded instead');
    let n = ex.input_ids.length;
    if (n === 0) return [];
    if (n > this.seqLen) {
      n = this.seqLen;
      this.truncated++;
    }
    const done: PackedRow[] = [];
    // best fit: the open row with the least room that still fits
    let best = -1;
    for (let i = 0; i < this.open.length; i++) {
      const room = this.seqLen - this.open[i]!.length;
      if (room >= n && (best < 0 || room < this.seqLen - this.open[best]!.length)) best = i;
    }
    if (best < 0) {
      if (this.open.length >= this.maxOpen) {
        // close the fullest row to make space
        let full = 0;
        for (let i = 1; i < this.open.length; i++) if (this.open[i]!.length > this.open[full]!.length) full = i;
        done.push(this.open.splice(full, 1)[0]!);
      }
      this.open.push(this.newRow());
      best = this.open.length - 1;
    }
    const row = this.open[best]!;
    place(row, ex, n);
    if (row.length === this.seqLen) done.push(...this.open.splice(best, 1));
    return done;
  }

  /** Emits the remaining partial rows. */
  flush(): PackedRow[] {
    const rows = this.open;
    this.open = [];
    return rows;
  }

  private newRow(): PackedRow {
    return {
      input_ids: new Int32Array(this.seqLen).fill(this.pad),
      labels: new Int32Array(this.seqLen).fill(IGNORE_INDEX),
      position_ids: new Int32Array(this.seqLen),
      segment_ids: new Int32Array(this.seqLen),
      documents: 0,
      length: 0,
    };
  }
}

function place(row: PackedRow, ex: Encoded, n: number): void {
  const at = row.length;
  const seg = ++row.documents;
  row.input_ids.set(ex.input_ids.subarray(0, n), at);
  row.labels.set(ex.labels.subarray(0, n), at);
  row.labels[at] = IGNORE_INDEX; // never predicted from the previous document
  for (let i = 0; i < n; i++) {
    row.position_ids[at + i] = i;
    row.segment_ids[at + i] = seg;
  }
  row.length = at + n;
}

/** Block-diagonal causal mask of a packed row: mask[q·T + k] = 1 where q may attend to k. [T, T] */
export function blockCausalMask(segmentIds: Int32Array): Uint8Array {
  const t = segmentIds.length;
  const mask = new Uint8Array(t * t);
  for (let q = 0; q < t; q++) {
    const s = segmentIds[q]!;
    if (s === 0) continue;
    for (let k = q; k >= 0 && segmentIds[k] === s; k--) mask[q * t + k] = 1;
  }
  return mask;
}
