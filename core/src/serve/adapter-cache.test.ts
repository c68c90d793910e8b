import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packAdapter, unpackAdapter, type BlobStore } from './adapter-blob.ts';
import { adapterHash } from './adapter-hash.ts';
import { AdapterCache } from './adapter-cache.ts';
import { ServeEngine } from './engine.ts';
import { ServeError } from './errors.ts';
import { prepareAdapter } from './prepare.ts';
import { randomAdapter, tinyServeModel } from './test-support.ts';

const model = tinyServeModel('gpt2');

/** A blob store over a map, counting fetches, with an optional gate that holds fetches back. */
function blobs(): BlobStore & { data: Map<string, Uint8Array>; fetches: number; gate?: Promise<void> } {
  const store = {
    data: new Map<string, Uint8Array>(),
    fetches: 0,
    gate: undefined as Promise<void> | undefined,
    async get(key: string) {
      store.fetches++;
      await store.gate;
      return store.data.get(key);
    },
  };
  return store;
}

function upload(store: ReturnType<typeof blobs>, seed: number): { id: string; bytes: Uint8Array } {
  const bytes = packAdapter(randomAdapter(model, 'lora', seed));
  const id = adapterHash(bytes);
  store.data.set(id, bytes);
  return { id, bytes };
}

test('pack/unpack round-trips an adapter under its content hash', () => {
  const files = randomAdapter(model, 'ia3', 3);
  const back = unpackAdapter(packAdapter(files));
  assert.deepEqual(back.config, files.config);
  assert.deepEqual([...back.tensors.keys()].sort(), [...files.tensors.keys()].sort());
  assert.equal(adapterHash(packAdapter(files)), adapterHash(packAdapter(back)));
  assert.throws(() => unpackAdapter(new Uint8Array(16)), (e: unknown) => e instanceof ServeError && e.code === 'invalid_adapter');
});

test('missing adapters are fetched once, however many requests want them', async () => {
  const store = blobs();
  const { id } = upload(store, 1);
  let open!: () => void;
  store.gate = new Promise((r) => (open = r));
  const cache = new AdapterCache({ base: model, blobs: store, budgetBytes: 1 << 30 });
  const all = Promise.all([cache.acquire(id), cache.acquire(id), cache.acquire(id)]);
  open();
  const [a, b, c] = await all;
  assert.equal(store.fetches, 1);
  assert.ok(a === b && b === c);
  await assert.rejects(cache.acquire('0'.repeat(64)), (e: unknown) => e instanceof ServeError && e.code === 'adapter_not_found');
  store.data.set('f'.repeat(64), store.data.get(id)!); // stored under the wrong name
  await assert.rejects(cache.acquire('f'.repeat(64)), /content hash/);
});

test('LRU under a byte budget; pinned adapters are never evicted; explicit unload', async () => {
  const store = blobs();
  const ups = [1, 2, 3].map((s) => upload(store, s));
  const one = prepareAdapter('x', randomAdapter(model, 'lora', 1), model).bytes;
  const cache = new AdapterCache({ base: model, blobs: store, budgetBytes: Math.floor(2.5 * one) });
  const [a0, a1] = [await cache.acquire(ups[0]!.id), await cache.acquire(ups[1]!.id)];
  cache.release(a1);
  await cache.acquire(ups[2]!.id); // over budget: a1 (least recent, unpinned) goes, a0 is pinned
  assert.ok(cache.has(ups[0]!.id) && !cache.has(ups[1]!.id) && cache.has(ups[2]!.id));
  assert.ok(cache.bytes <= 2.5 * one);
  cache.release(a0);
  assert.ok(cache.unload(ups[0]!.id));
  assert.ok(!cache.has(ups[0]!.id) && !cache.unload(ups[0]!.id));
  assert.equal(cache.size, 1);
});

test('an uploaded adapter serves at once through the engine, and a bad one is refused', async () => {
  const store = blobs();
  const cache = new AdapterCache({ base: model, blobs: store, budgetBytes: 1 << 30 });
  const engine = new ServeEngine(model, { adapters: cache });
  const id = await cache.put(packAdapter(randomAdapter(model, 'dora', 4)));
  const r = await engine.generate({ prompt: [1, 2, 3], adapter: id, sampling: { maxTokens: 3, ignoreEos: true } }).result;
  assert.equal(r.tokens.length, 3);
  assert.equal(store.fetches, 0, 'no fetch for an uploaded adapter');
  const broken = randomAdapter(model, 'lora', 5);
  broken.config.r = -1; // the lora plugin's schema refuses it
  await assert.rejects(cache.put(packAdapter(broken)), (e: unknown) => e instanceof ServeError && e.code === 'invalid_adapter');
  await assert.rejects(engine.generate({ prompt: [1], adapter: 'nope' }).result, (e: unknown) => e instanceof ServeError && e.status === 404);
  await engine.close();
});
