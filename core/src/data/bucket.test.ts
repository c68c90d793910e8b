import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketBatches } from './bucket.ts';
import { padBatch, paddedLength } from './pad.ts';
import { mulberry32 } from './random.ts';
import { IGNORE_INDEX } from './types.ts';

const rand = mulberry32(42);
const lengths = Array.from({ length: 2000 }, () => 1 + Math.floor(rand() * 500));

test('length bucketing groups similar lengths, deterministically by seed', () => {
  const batches = bucketBatches(lengths, { batchSize: 16, seed: 1 });
  assert.deepEqual(batches, bucketBatches(lengths, { batchSize: 16, seed: 1 }));
  assert.notDeepEqual(batches, bucketBatches(lengths, { batchSize: 16, seed: 2 }));
  assert.deepEqual(batches.flat().sort((a, b) => a - b), lengths.map((_, i) => i));
  // padding waste: bucketed vs. the file order
  const waste = (bs: number[][]) => bs.reduce((w, b) => w + b.length * Math.max(...b.map((i) => lengths[i]!)) - b.reduce((s, i) => s + lengths[i]!, 0), 0);
  const sequential = Array.from({ length: lengths.length / 16 }, (_, k) => Array.from({ length: 16 }, (_, j) => k * 16 + j));
  assert.ok(waste(batches) < waste(sequential) / 5, `${waste(batches)} vs ${waste(sequential)}`);
  const spread = Math.max(...batches.map((b) => Math.max(...b.map((i) => lengths[i]!)) - Math.min(...b.map((i) => lengths[i]!))));
  assert.ok(spread < 60, `max in-batch spread ${spread}`);
});

test('padding to the batch max or to the next bucket length, with an attention mask', () => {
  const ex = [
    { input_ids: Int32Array.of(5, 6, 7), labels: Int32Array.of(-100, 6, 7) },
    { input_ids: Int32Array.of(8), labels: Int32Array.of(8) },
  ];
  const b = padBatch(ex, { padTokenId: 0 });
  assert.equal(b.seqLen, 3);
  assert.deepEqual(Array.from(b.input_ids), [5, 6, 7, 8, 0, 0]);
  assert.deepEqual(Array.from(b.attention_mask), [1, 1, 1, 1, 0, 0]);
  assert.deepEqual(Array.from(b.labels), [-100, 6, 7, 8, IGNORE_INDEX, IGNORE_INDEX]);
  const left = padBatch(ex, { padTokenId: 0, bucketLengths: [2, 4, 8], side: 'left' });
  assert.equal(left.seqLen, 4);
  assert.deepEqual(Array.from(left.input_ids), [0, 5, 6, 7, 0, 0, 0, 8]);
  assert.deepEqual(Array.from(left.attention_mask), [0, 1, 1, 1, 0, 0, 0, 1]);
  assert.equal(paddedLength(13, { padToMultipleOf: 8 }), 16);
  assert.equal(paddedLength(13, { bucketLengths: [8] }), 13); // nothing fits: batch max
});
