import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LshIndex } from './lsh.ts';
import { lshParams } from './lsh-params.ts';
import { MinHasher, estimateJaccard } from './minhash.ts';
import { Shingler } from './shingles.ts';

test('bands × rows from the threshold (same optimum as datasketch)', () => {
  assert.deepEqual(lshParams(0.8, 128), { bands: 9, rows: 13 });
  assert.deepEqual(lshParams(0.5, 128), { bands: 25, rows: 5 });
  const { bands, rows } = lshParams(0.7, 64);
  assert.ok(bands * rows <= 64);
});

for (const method of ['oph', 'classic'] as const) test(`MinHash (${method}) estimates the Jaccard similarity of sets`, () => {
  const mh = new MinHasher(256, 7, method);
  const set = (from: number, to: number) => Uint32Array.from({ length: to - from }, (_, i) => Math.imul(from + i, 0x9e3779b1) >>> 0);
  for (const [overlap, expected] of [[900, 900 / 1100], [500, 500 / 1500], [100, 100 / 1900]] as const) {
    const a = set(0, 1000);
    const b = set(1000 - overlap, 2000 - overlap);
    const j = estimateJaccard(mh.sign(a, a.length), mh.sign(b, b.length));
    assert.ok(Math.abs(j - expected) < 0.08, `overlap ${overlap}: ${j} vs ${expected}`);
  }
  // small sets (fewer elements than slots) still estimate well
  const small = (from: number) => Uint32Array.from({ length: 40 }, (_, i) => from + i);
  const j = estimateJaccard(mh.sign(small(0), 40), mh.sign(small(4), 40));
  assert.ok(Math.abs(j - 36 / 44) < 0.1, `small sets: ${j}`);
  assert.ok(mh.sign(small(0), 0).every((v) => v === 0xffffffff));
});

test('word shingles ignore case, punctuation and spacing; char shingles work too', () => {
  const sh = new Shingler();
  const h = (t: string) => Array.from(sh.hashes.subarray(0, sh.shingle([t])));
  assert.deepEqual(h('The  quick, brown fox!'), h('the quick brown\nFOX'));
  assert.equal(h('one two three four').length, 2);
  assert.equal(h('short').length, 1);
  assert.equal(h('   ').length, 0);
  const ch = new Shingler({ unit: 'char', size: 3 });
  assert.equal(ch.shingle(['abcde']), 3);
});

test('LSH index finds a near duplicate and rejects a dissimilar record', () => {
  const sh = new Shingler();
  const mh = new MinHasher(128, 1);
  const sig = (t: string) => mh.sign(sh.hashes, sh.shingle([t])).slice();
  const words = Array.from({ length: 60 }, (_, i) => `word${i}`);
  const index = new LshIndex(128, 0.8);
  assert.equal(index.query(sig(words.join(' '))), -1);
  assert.equal(index.insert(sig(words.join(' '))), 0);
  const near = [...words];
  near[30] = 'different';
  assert.equal(index.query(sig(near.join(' '))), 0);
  const far = [...words.slice(0, 30), ...Array.from({ length: 30 }, (_, i) => `other${i}`)];
  assert.equal(index.query(sig(far.join(' '))), -1);
});
