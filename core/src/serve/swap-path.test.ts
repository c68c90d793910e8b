// The hot-swap path (bytes in -> servable adapter -> first token): its fast paths against the plain ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packAdapter, unpackAdapter } from './adapter-blob.ts';
import { AdapterCache } from './adapter-cache.ts';
import { adapterHash } from './adapter-hash.ts';
import type { ServeAdapter } from './adapter.ts';
import { ServeError } from './errors.ts';
import { prepareAdapter } from './prepare.ts';
import { transposed } from './prepare-lora.ts';
import { RowAdapters } from './row-adapters.ts';
import { serveSites } from './sites.ts';
import { randomAdapter, tinyServeModel } from './test-support.ts';

const model = tinyServeModel('gpt2');

/** The same bytes at an odd byte offset: parsing must copy there instead of viewing. */
function unaligned(bytes: Uint8Array): Uint8Array {
  const buf = new Uint8Array(bytes.length + 1);
  buf.set(bytes, 1);
  return buf.subarray(1);
}

function assertSameAdapter(got: ServeAdapter, want: ServeAdapter): void {
  assert.equal(got.method, want.method);
  assert.equal(got.bytes, want.bytes);
  assert.deepEqual([...(got.lora?.keys() ?? [])], [...(want.lora?.keys() ?? [])]);
  for (const [path, f] of want.lora ?? []) {
    const g = got.lora!.get(path)!;
    assert.equal(g.rank, f.rank);
    assert.deepEqual(g.a, f.a, `${path} A`);
    assert.deepEqual(g.b, f.b, `${path} B`);
  }
  assert.deepEqual(got.scales, want.scales);
}

test('blocked transposes equal the plain loop, every remainder of four rows, with scaling', () => {
  for (const [rows, cols] of [[1, 5], [3, 7], [4, 4], [8, 33], [13, 6], [33, 8]] as const) {
    const x = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7) * 3);
    for (const scale of [1, 0.37, 2]) {
      const want = new Float32Array(rows * cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) want[c * rows + r] = scale * x[r * cols + c]!;
      assert.deepEqual(transposed(x, rows, cols, scale), want, `[${rows}, ${cols}] x ${scale}`);
    }
  }
});

test('put gives the adapter prepareAdapter gives, from aligned and unaligned bytes', async () => {
  for (const kind of ['lora', 'rslora', 'dora', 'ia3'] as const) {
    const files = randomAdapter(model, kind, 7);
    const bytes = packAdapter(files);
    const want = prepareAdapter(adapterHash(bytes), files, model);
    for (const b of [bytes, unaligned(bytes)]) {
      const cache = new AdapterCache({ base: model, budgetBytes: 1 << 30 });
      const id = await cache.put(b);
      assert.equal(id, adapterHash(bytes));
      const got = await cache.acquire(id);
      assert.equal(got.id, id);
      assertSameAdapter(got, want);
      // parsed from aligned bytes the tensors are views of the upload, from unaligned ones copies: both equal
      const parsed = unpackAdapter(b);
      for (const t of parsed.tensors.values()) assert.equal(t.data.buffer === b.buffer, b.byteOffset % 4 === 0);
      assertSameAdapter(prepareAdapter(id, parsed, model), want);
    }
  }
});

test('a refused upload still names the adapter by its content hash', async () => {
  const cache = new AdapterCache({ base: model, budgetBytes: 1 << 30 });
  const broken = randomAdapter(model, 'lora', 5);
  broken.config.r = -1;
  const bytes = packAdapter(broken);
  await assert.rejects(cache.put(bytes), (e: unknown) => e instanceof ServeError && e.code === 'invalid_adapter' && e.message.includes(adapterHash(bytes)));
  const garbage = new Uint8Array(64).fill(7);
  await assert.rejects(cache.put(garbage), (e: unknown) => e instanceof ServeError && e.code === 'invalid_adapter' && e.message.includes(adapterHash(garbage)));
  assert.equal(cache.size, 0);
  // a corrupt blob in the store fails on its hash, even when it does not parse either
  const store = { get: async () => garbage };
  await assert.rejects(new AdapterCache({ base: model, blobs: store, budgetBytes: 1 << 30 }).acquire('0'.repeat(64)), /content hash/);
});

test('row slices written lazily equal rows written as they join, after joins, leaves and moves', () => {
  const sites = serveSites(model.config);
  const bias = () => undefined;
  const [a, b, c] = [1, 2, 3].map((s) => prepareAdapter(`a${s}`, randomAdapter(model, s === 3 ? 'dora' : 'lora', s, s + 1), model));
  const lazy = new RowAdapters(sites, 6, bias);
  lazy.push(null);
  lazy.push(a!);
  assert.ok(lazy.feeds()); // a flush between changes
  for (const x of [b!, null, c!, a!]) lazy.push(x);
  lazy.remove(1); // the last row (a) moves into row 1
  lazy.remove(3); // the last row (c, with DoRA scales) moves into row 3
  lazy.push(b!);
  lazy.remove(4); // the last row itself
  lazy.push(b!);
  const fresh = new RowAdapters(sites, 6, bias);
  for (const x of lazy.adapters) fresh.push(x);
  assert.deepEqual(lazy.adapters.map((x) => x?.id ?? null), [null, 'a1', 'a2', 'a3', 'a2']);
  const [got, want] = [lazy.feeds(), fresh.feeds()];
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
  for (const k of Object.keys(want)) assert.deepEqual(got[k], want[k], k);
});
