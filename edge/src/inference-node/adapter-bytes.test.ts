import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256Hex } from '../util/crypto.ts';
import { AdapterBytes } from './adapter-bytes.ts';

const blob = (fill: number, n = 100) => new Uint8Array(n).fill(fill);

test('adapter bytes: hash checked, least recently used dropped past the budget, the newest always kept', () => {
  const store = new AdapterBytes(250);
  const [a, b, c] = [blob(1), blob(2), blob(3)];
  assert.equal(store.put(sha256Hex(b), a), false, 'bytes that are not what the hash names');
  assert.equal(store.size, 0);
  store.put(sha256Hex(a), a);
  store.put(sha256Hex(b), b);
  assert.deepEqual(store.get(sha256Hex(a)), a); // a is now the most recent
  store.put(sha256Hex(c), c); // 300 bytes > 250: b goes
  assert.equal(store.get(sha256Hex(b)), undefined);
  assert.deepEqual([store.get(sha256Hex(a)), store.get(sha256Hex(c))], [a, c]);
  const big = blob(4, 400);
  store.put(sha256Hex(big), big); // over the budget on its own: everything else goes, it stays
  assert.deepEqual([store.size, store.get(sha256Hex(big))], [1, big]);
  store.put(sha256Hex(a), a); // the big one is dropped for it
  assert.deepEqual([store.size, store.get(sha256Hex(big))], [1, undefined]);
});
