import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LshIndex } from './lsh.ts';
import { lshParams } from './lsh-params.ts';
import { fmix32 } from './hash.ts';
import { MinHasher, estimateJaccard } from './minhash.ts';
import { mulberry32 } from './random.ts';
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

test('MinHash (oph) equals a plain reference: min per bin, then densification by probing', () => {
  // the definition written out slowly, for k = 2^b (bin = high bits) and any other k
  const reference = (k: number, seed: number, xs: Uint32Array): Uint32Array => {
    const seedMix = Math.floor(mulberry32(seed)() * 4294967296);
    const bits = Math.log2(k);
    const pow2 = Number.isInteger(bits) && bits > 0;
    const bins: (number | undefined)[] = new Array(k).fill(undefined);
    for (const h of xs) {
      const x = fmix32(h ^ seedMix);
      const bin = pow2 ? Math.floor(x / 2 ** (32 - bits)) : Math.floor((x * k) / 2 ** 32);
      const v = pow2 ? (x * 2 ** bits) % 2 ** 32 : fmix32(x ^ 0x5bd1e995);
      bins[bin] = Math.min(v, bins[bin] ?? Infinity);
    }
    return Uint32Array.from(bins, (v, i) => {
      if (v !== undefined) return v;
      for (let attempt = 1; ; attempt++) {
        const j = Math.floor((fmix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77) ^ seedMix) * k) / 2 ** 32);
        if (bins[j] !== undefined) return fmix32(bins[j]! ^ Math.imul(i + 1, 0x27d4eb2f));
      }
    });
  };
  const rand = mulberry32(11);
  for (const k of [128, 100, 2]) {
    const mh = new MinHasher(k, 3);
    for (const n of [1, 2, 5, 40, 128, 300]) {
      const xs = Uint32Array.from({ length: n }, () => Math.floor(rand() * 2 ** 32));
      assert.deepEqual(mh.sign(xs, n), reference(k, 3, xs), `k ${k}, ${n} elements`);
    }
  }
});

test('word shingles ignore case, punctuation and spacing; char shingles work too', () => {
  const sh = new Shingler();
  const h = (t: string) => {
    const n = sh.shingle([t]); // first: it may replace sh.hashes
    return Array.from(sh.hashes.subarray(0, n));
  };
  assert.deepEqual(h('The  quick, brown fox!'), h('the quick brown\nFOX'));
  assert.equal(h('one two three four').length, 2);
  assert.equal(h('short').length, 1);
  assert.equal(h('   ').length, 0);
  const ch = new Shingler({ unit: 'char', size: 3 });
  assert.equal(ch.shingle(['abcde']), 3);
});

test('word shingles are k-grams of FNV-1a word hashes, words split as the plain rule says', () => {
  // the scan is branch-free; this is the rule it implements, written the obvious way
  const fnv = (w: string) => w.split('').reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 0x01000193), 0x811c9dc5) >>> 0;
  const space = /\s/; // JS \s is exactly the set of Unicode spaces the scan treats as separators
  const isWordUnit = (c: string) => (c.charCodeAt(0) < 128 ? /[a-z0-9]/i.test(c) : !space.test(c));
  const wordsOf = (texts: string[]) => texts.flatMap((t) => {
    const out: string[] = [];
    let w = '';
    for (const unit of t.split('')) {
      if (isWordUnit(unit)) w += unit.charCodeAt(0) < 128 ? unit.toLowerCase() : unit; // ASCII case only
      else if (w) (out.push(w), (w = ''));
    }
    return w ? [...out, w] : out;
  });
  const expected = (texts: string[], k: number) => {
    const u = wordsOf(texts).map(fnv);
    const count = u.length === 0 ? 0 : Math.max(1, u.length - k + 1);
    return Array.from({ length: count }, (_, i) => {
      let h = k;
      for (const x of u.slice(i, i + k)) h = Math.imul((h << 5) | (h >>> 27), 0x9e3779b1) ^ x;
      return h >>> 0;
    });
  };
  const rand = mulberry32(5);
  const alphabet = ['a', 'Z', 'É', '7', ' ', ' ', '\n', ',', '-', 'é', 'ß', '\u00a0', '\u3000', '\u2003', '中', '\ud83d\ude00', '\ufeff', '\u0000'];
  for (const k of [1, 2, 3, 5]) {
    const sh = new Shingler({ size: k });
    for (let trial = 0; trial < 300; trial++) {
      const texts = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => Array.from({ length: Math.floor(rand() * 40) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
      const n = sh.shingle(texts);
      assert.deepEqual(Array.from(sh.hashes.subarray(0, n)), expected(texts, k), JSON.stringify(texts));
    }
  }
  // a text longer than the buffer grows it
  const long = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
  const sh = new Shingler();
  const n = sh.shingle([long]);
  assert.deepEqual(Array.from(sh.hashes.subarray(0, n)), expected([long], 3));
});

test('LSH index finds a near duplicate and rejects a dissimilar record', () => {
  const sh = new Shingler();
  const mh = new MinHasher(128, 1);
  const sig = (t: string) => {
    const n = sh.shingle([t]);
    return mh.sign(sh.hashes, n).slice();
  };
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

test('LSH queries give the same answers as a plain band-by-band walk of every indexed record', () => {
  // clusters of similar signatures (shared slots) plus unrelated ones, so that bands collide,
  // candidates fail and succeed, and the table is rebuilt as it grows
  const numPerm = 128;
  const index = new LshIndex(numPerm, 0.8);
  const { bands, rows } = index.params;
  const need = Math.ceil((0.8 + 0.2 / 256) * numPerm - 1e-9);
  const kept: Uint8Array[] = [];
  const reference = (q: Uint8Array): number => {
    const checked = new Set<number>();
    for (let band = 0; band < bands; band++) {
      for (let id = kept.length - 1; id >= 0; id--) {
        const s = kept[id]!;
        let same = true;
        for (let i = band * rows; i < (band + 1) * rows; i++) if (s[i] !== q[i]) same = false;
        if (!same || checked.has(id)) continue;
        checked.add(id);
        let eq = 0;
        for (let i = 0; i < numPerm; i++) if (s[i] === q[i]) eq++;
        if (eq >= need) return id;
      }
    }
    return -1;
  };
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
  const bases = Array.from({ length: 40 }, () => Uint32Array.from({ length: numPerm }, () => (rand() * 2 ** 32) >>> 0));
  let dups = 0;
  for (let n = 0; n < 3000; n++) {
    const sig = rand() < 0.2 ? Uint32Array.from({ length: numPerm }, () => (rand() * 2 ** 32) >>> 0) : bases[Math.floor(rand() * bases.length)]!.slice();
    const changes = Math.floor(rand() * 60); // 0..59 of 128 slots differ: on both sides of the threshold
    for (let k = 0; k < changes; k++) sig[Math.floor(rand() * numPerm)] = (rand() * 2 ** 32) >>> 0;
    const q8 = Uint8Array.from(sig, (v) => v >>> 24);
    const expected = reference(q8);
    const got = index.queryOrInsert(sig);
    assert.equal(got >= 0 ? got : -1, expected, `record ${n}`);
    if (got >= 0) dups++;
    else kept.push(q8);
  }
  assert.ok(dups > 300 && kept.length > 300, `${dups} duplicates, ${kept.length} kept`);
});

test('LSH reserve sizes the table once, and answers stay those of a table grown on the way', () => {
  const numPerm = 64;
  const rand = mulberry32(9);
  const bases = Array.from({ length: 30 }, () => Uint32Array.from({ length: numPerm }, () => (rand() * 2 ** 32) >>> 0));
  const sigs = Array.from({ length: 4000 }, () => {
    const sig = bases[Math.floor(rand() * bases.length)]!.slice();
    for (let k = Math.floor(rand() * 40); k > 0; k--) sig[Math.floor(rand() * numPerm)] = (rand() * 2 ** 32) >>> 0;
    return sig;
  });
  const grown = new LshIndex(numPerm, 0.8);
  const reservedFirst = new LshIndex(numPerm, 0.8);
  const reservedLate = new LshIndex(numPerm, 0.8);
  const tableLength = (index: LshIndex) => (index as unknown as { heads: Int32Array }).heads.length; // (private)
  reservedFirst.reserve(sigs.length);
  const sized = tableLength(reservedFirst);
  assert.ok(sized >= sigs.length * reservedFirst.params.bands && sized > tableLength(grown));
  sigs.forEach((sig, n) => {
    if (n === 700) reservedLate.reserve(sigs.length); // relinks the records indexed so far
    const want = grown.queryOrInsert(sig);
    assert.equal(reservedFirst.queryOrInsert(sig), want, `record ${n}`);
    assert.equal(reservedLate.queryOrInsert(sig), want, `record ${n}`);
  });
  assert.equal(tableLength(reservedFirst), sized, 'no growth after reserve');
  assert.ok(grown.size > 1000 && grown.size < 3900, `${grown.size} indexed`);
});
