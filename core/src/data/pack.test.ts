import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Packer, blockCausalMask, type PackedRow } from './pack.ts';
import { IGNORE_INDEX } from './types.ts';

const doc = (n: number, base: number) => ({
  input_ids: Int32Array.from({ length: n }, (_, i) => base + i),
  labels: Int32Array.from({ length: n }, (_, i) => (i < 2 ? IGNORE_INDEX : base + i)),
});

test('packed rows: position ids restart per document, segment ids separate documents', () => {
  const p = new Packer({ seqLen: 16, padTokenId: 0 });
  const rows: PackedRow[] = [];
  for (const [n, base] of [[5, 100], [6, 200], [4, 300], [9, 400]] as const) rows.push(...p.add(doc(n, base)));
  rows.push(...p.flush());
  assert.equal(rows.length, 2);
  const r = rows.find((x) => x.documents === 3)!;
  assert.equal(r.length, 15);
  assert.deepEqual(Array.from(r.position_ids), [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 0]);
  assert.deepEqual(Array.from(r.segment_ids), [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 0]);
  assert.deepEqual(Array.from(r.input_ids.subarray(5, 11)), [200, 201, 202, 203, 204, 205]);
  assert.equal(r.input_ids[15], 0); // padding
  // every document's first label is ignored: nothing predicts across a boundary
  for (const start of [0, 5, 11]) assert.equal(r.labels[start], IGNORE_INDEX);
  assert.equal(r.labels[15], IGNORE_INDEX);
  assert.equal(r.labels[4], 104);
  const other = rows.find((x) => x.documents === 1)!;
  assert.deepEqual(Array.from(other.input_ids.subarray(0, 9)), [400, 401, 402, 403, 404, 405, 406, 407, 408]);
});

test('block-diagonal causal mask never lets a document attend to another', () => {
  const seg = Int32Array.of(1, 1, 2, 2, 2, 0);
  const m = blockCausalMask(seg);
  const at = (q: number, k: number) => m[q * 6 + k];
  assert.equal(at(1, 0), 1);
  assert.equal(at(0, 1), 0); // causal
  assert.equal(at(2, 1), 0); // other document
  assert.equal(at(4, 2), 1);
  assert.equal(at(5, 5), 0); // padding
});

test('full rows are emitted as soon as they fill; long examples are truncated', () => {
  const p = new Packer({ seqLen: 8, openRows: 2 });
  assert.equal(p.add(doc(8, 1)).length, 1);
  const out = p.add(doc(20, 1));
  assert.equal(out.length, 1);
  assert.equal(out[0]!.length, 8);
  assert.equal(p.truncated, 1);
  // best fit: the 2-token doc goes to the row with 2 free (completing it), not the one with 4
  assert.deepEqual(p.add(doc(6, 1)), []);
  assert.deepEqual(p.add(doc(4, 1)), []);
  const full = p.add(doc(2, 1));
  assert.equal(full.length, 1);
  assert.deepEqual([full[0]!.length, full[0]!.documents], [8, 2]);
  assert.deepEqual(p.flush().map((r) => r.length), [4]);
});
