import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Hash64, fnv1a32, fnv1a64 } from './hash.ts';
import { Hash64Map } from './hash-map.ts';
import { mulberry32 } from './random.ts';
import { hashAndScanWords } from './word-scan.ts';

test('FNV-1a 64 (reference) and 32 match the published vectors', () => {
  assert.equal(fnv1a64(''), 'cbf29ce484222325');
  assert.equal(fnv1a64('a'), 'af63dc4c8601ec8c');
  assert.equal(fnv1a64('foobar'), '85944171f73967e8');
  assert.equal(fnv1a32('a'), 0xe40c292c);
  assert.equal(fnv1a32('foobar'), 0xbf9cf968);
});

test('Hash64: deterministic, field-separated, no collisions on many near-identical keys', () => {
  const a = new Hash64().field('ab').field('c').hex();
  assert.equal(a, new Hash64().field('ab').field('c').hex());
  assert.notEqual(a, new Hash64().field('a').field('bc').hex());
  assert.notEqual(new Hash64().field('a').hex(), new Hash64().field('a\u0000').hex());
  assert.notEqual(new Hash64().field(1).hex(), new Hash64().field('1').hex());
  const seen = new Set<string>();
  for (let i = 0; i < 200_000; i++) seen.add(new Hash64().field(`record ${i}`).field(i % 7).hex());
  assert.equal(seen.size, 200_000);
  // 32-bit halves are each well spread
  const lo = new Set<number>();
  for (let i = 0; i < 50_000; i++) lo.add(new Hash64().update(String(i)).digest().lo & 0xffff);
  assert.ok(lo.size > 50_000 * 0.5);
});

test('Hash64: chars in every lane (positions 0–1 and 2–3 of each four) reach both 32-bit halves', () => {
  for (const at of [0, 2, 5, 7]) {
    const hi = new Set<number>();
    const lo = new Set<number>();
    for (let i = 0; i < 65_536; i++) {
      const key = 'abcdefghijkl'.slice(0, at) + String.fromCharCode(i) + 'abcdefghijkl'.slice(at + 1);
      const h = new Hash64().field(key).digest();
      hi.add(h.hi);
      lo.add(h.lo);
    }
    // a bijection would give 65536 distinct values; a random function ~65535.5
    assert.ok(hi.size > 65_500 && lo.size > 65_500, `char ${at}: ${hi.size} and ${lo.size} distinct halves`);
  }
});

test('Hash64Map stores and finds many keys across growth', () => {
  const m = new Hash64Map(4);
  for (let i = 0; i < 5000; i++) assert.equal(m.getOrSet(i * 7919, i ^ 0x5555, i), -1);
  for (let i = 0; i < 5000; i++) assert.equal(m.getOrSet(i * 7919, i ^ 0x5555, -5), i);
  assert.equal(m.size, 5000);
  assert.equal(m.getOrSet(0, 0, 9), -1); // the empty-slot key is remapped, still usable
  assert.equal(m.getOrSet(0, 0, 1), 9);
});

test('Hash64Map reserve keeps the entries and makes room for n without growing again', () => {
  const m = new Hash64Map(4);
  for (let i = 0; i < 100; i++) m.getOrSet(i, ~i >>> 0, i);
  m.reserve(5000);
  const sized = m.bytes;
  for (let i = 0; i < 100; i++) assert.equal(m.getOrSet(i, ~i >>> 0, -1), i);
  for (let i = 100; i < 5000; i++) assert.equal(m.getOrSet(i, ~i >>> 0, i), -1);
  assert.equal(m.bytes, sized);
  assert.equal(m.size, 5000);
});

test('hashAndScanWords hashes a field as Hash64.field does, every tail length, and writes the words after n', () => {
  const rand = mulberry32(3);
  const alphabet = ['a', 'B', ' ', 'é', '😀', '\u3000', '-', '7', '\n'];
  const units = new Uint32Array(64);
  for (let trial = 0; trial < 500; trial++) {
    const fields = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => Array.from({ length: Math.floor(rand() * 14) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
    const fused = new Hash64().field('meta');
    const plain = new Hash64().field('meta');
    let n = 0;
    for (const f of fields) {
      n = hashAndScanWords(fused, f, units, n);
      plain.field(f);
    }
    assert.equal(fused.hex(), plain.hex(), JSON.stringify(fields));
    // the words, as the plain rule has them (lsh.test.ts checks the rule more widely)
    const words = fields.flatMap((f) => f.split('').map((ch) => (ch.charCodeAt(0) < 128 ? (/[a-z0-9]/i.test(ch) ? ch.toLowerCase() : ' ') : /\s/.test(ch) ? ' ' : ch)).join('').split(' ').filter(Boolean));
    assert.deepEqual(Array.from(units.subarray(0, n)), words.map((w) => fnv1a32(w)), JSON.stringify(fields));
  }
});
