import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../weights/index.ts';
import { allBatches, BatchStream, makeBatch, packRows, shuffled } from './batches.ts';
import { hasLoss, IGNORE, toExamples, type Example } from './examples.ts';
import { parseJsonl } from './records.ts';
import type { Tokenizer } from '../tokenizer/index.ts';

const ex = (n: number, start = 1): Example => ({ ids: Array.from({ length: n }, (_, i) => start + i), labels: Array.from({ length: n }, (_, i) => start + i) });

test('packing puts whole examples into rows while they fit; without it, one per row', () => {
  const rows = packRows([ex(3), ex(4), ex(2), ex(6)], 8, true);
  assert.deepEqual(rows.map((r) => r.ids.length), [7, 8]);
  assert.deepEqual(rows[1]!.ids, [1, 2, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(packRows([ex(3), ex(4)], 8, false).map((r) => r.ids.length), [3, 4]);
});

test('batches pad rows and missing rows with the pad id and label -100', () => {
  const { batch, tokens } = makeBatch([ex(3, 10)], 2, 4, 0);
  assert.equal(tokens, 3);
  assert.deepEqual([...batch.input_ids.data].map(Number), [10, 11, 12, 0, 0, 0, 0, 0]);
  assert.deepEqual([...batch.labels.data].map(Number), [10, 11, 12, IGNORE, IGNORE, IGNORE, IGNORE, IGNORE]);
  assert.deepEqual(batch.input_ids.shape, [2, 4]);
});

test('each epoch visits every row once, in a seeded order', () => {
  const rows = Array.from({ length: 5 }, (_, i) => ex(1, i + 1));
  const seen = (seed: number) => {
    const s = new BatchStream(rows, 2, 1, 0, seed);
    assert.equal(s.batchesPerEpoch, 3);
    return Array.from({ length: 6 }, () => [...s.next().batch.input_ids.data].map(Number));
  };
  const a = seen(1);
  const firstEpoch = a.slice(0, 3).flat().filter((x) => x !== 0).sort();
  const secondEpoch = a.slice(3).flat().filter((x) => x !== 0).sort();
  assert.deepEqual(firstEpoch, [1, 2, 3, 4, 5]);
  assert.deepEqual(secondEpoch, [1, 2, 3, 4, 5]);
  assert.deepEqual(seen(1), a);
  assert.notDeepEqual(seen(2), a);
  assert.deepEqual(shuffled([1, 2, 3], mulberry32(7)).sort(), [1, 2, 3]);
});

test('a stream restored from its state continues with the same batches', () => {
  const rows = Array.from({ length: 7 }, (_, i) => ex(1, i + 1));
  const ids = (s: BatchStream) => [...s.next().batch.input_ids.data].map(Number);
  const a = new BatchStream(rows, 3, 1, 0, 5);
  for (let i = 0; i < 4; i++) a.next(); // into the second epoch
  const b = new BatchStream(rows, 3, 1, 0, 5);
  b.restore(a.state);
  assert.deepEqual(b.state, { epoch: 1, pos: 3 });
  for (let i = 0; i < 5; i++) assert.deepEqual(ids(b), ids(a));
});

test('allBatches covers every row once, in order, padding the last batch', () => {
  const got = allBatches([ex(2, 1), ex(1, 5), ex(1, 7)], 2, 2, 0).map((b) => [...b.batch.input_ids.data].map(Number));
  assert.deepEqual(got, [[1, 2, 5, 0], [7, 0, 0, 0]]);
});

// A fake tokenizer: one id per character, so expected ids are easy to write down.
const charTok = { encode: (s: string) => [...s].map((c) => c.charCodeAt(0)) } as unknown as Tokenizer;

test('prompt/completion examples take loss on the completion and EOS only', () => {
  const [e] = toExamples({ kind: 'completion', prompt: 'ab', completion: 'c' }, charTok, 0, 16);
  assert.deepEqual(e!.ids, [97, 98, 99, 0]);
  assert.deepEqual(e!.labels, [IGNORE, IGNORE, 99, 0]);
  // Truncated before the completion: nothing left to learn, so the example is dropped.
  assert.deepEqual(toExamples({ kind: 'completion', prompt: 'abcd', completion: 'e' }, charTok, 0, 3), []);
});

test('long texts are split into seq-long pieces that each teach something', () => {
  const pieces = toExamples({ kind: 'text', text: 'abcdefg' }, charTok, 0, 3);
  assert.deepEqual(pieces.map((p) => p.ids), [[97, 98, 99], [100, 101, 102], [103, 0]]);
  assert.ok(pieces.every(hasLoss));
  assert.deepEqual(toExamples({ kind: 'text', text: '' }, charTok, 0, 3), []);
});

test('records are {text} or {prompt, completion}; blank lines are skipped', () => {
  const recs = parseJsonl('{"text":"a"}\n\n{"prompt":"p","completion":"c","id":1}\n');
  assert.deepEqual(recs, [{ kind: 'text', text: 'a' }, { kind: 'completion', prompt: 'p', completion: 'c' }]);
  assert.throws(() => parseJsonl('{"text":"a"}\n{"txt":"b"}', 'f.jsonl'), /f\.jsonl:2: .*text/);
});
