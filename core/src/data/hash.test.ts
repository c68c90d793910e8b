import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fnv64, fnv1a32, fnv1a64 } from './hash.ts';
import { Hash64Map } from './hash-map.ts';

test('FNV-1a 64 and 32 match the reference vectors', () => {
  assert.equal(fnv1a64(''), 'cbf29ce484222325');
  assert.equal(fnv1a64('a'), 'af63dc4c8601ec8c');
  assert.equal(fnv1a64('foobar'), '85944171f73967e8');
  assert.equal(fnv1a32('a'), 0xe40c292c);
  assert.equal(fnv1a32('foobar'), 0xbf9cf968);
});

test('field separators keep ["ab","c"] apart from ["a","bc"]', () => {
  const a = new Fnv64().field('ab').field('c').hex();
  const b = new Fnv64().field('a').field('bc').hex();
  assert.notEqual(a, b);
});

test('Hash64Map stores and finds many keys across growth', () => {
  const m = new Hash64Map(4);
  for (let i = 0; i < 5000; i++) assert.equal(m.getOrSet(i * 7919, i ^ 0x5555, i), -1);
  for (let i = 0; i < 5000; i++) assert.equal(m.getOrSet(i * 7919, i ^ 0x5555, -5), i);
  assert.equal(m.size, 5000);
  assert.equal(m.getOrSet(0, 0, 9), -1); // the empty-slot key is remapped, still usable
  assert.equal(m.getOrSet(0, 0, 1), 9);
});
