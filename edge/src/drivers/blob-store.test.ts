// One contract, both drivers: the in-memory store and the local folder.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { BlobStore } from '../ports/blob-store.ts';
import { readAll } from '../util/bytes.ts';
import { MemoryBlobStore } from './memory/blob-store.ts';
import { FolderBlobStore } from './node/blob-store.ts';

const tmp = mkdtempSync(join(tmpdir(), 'edgetune-blobs-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

const drivers: [string, () => BlobStore & { stagingCount(): Promise<number> }][] = [
  ['memory', () => Object.assign(new MemoryBlobStore(), { async stagingCount(this: MemoryBlobStore) { return this.staging; } })],
  ['folder', () => Object.assign(new FolderBlobStore(join(tmp, `s${n++}`)), { async stagingCount(this: FolderBlobStore) { return (await this.stagingFiles()).length; } })],
];

for (const [name, make] of drivers) {
  describe(`${name} blob store`, () => {
    test('put, head, get (bytes and stream), list by prefix, delete', async () => {
      const s = make();
      await s.put('t/a/x.bin', bytes('hello'));
      await s.put('t/b/y.bin', bytes('world!'));
      assert.deepEqual(await s.head('t/a/x.bin'), { key: 't/a/x.bin', size: 5 });
      const blob = (await s.get('t/b/y.bin'))!;
      assert.equal(text(await blob.bytes()), 'world!');
      assert.equal(text(await readAll(blob.stream())), 'world!');
      assert.deepEqual(await s.list('t/'), ['t/a/x.bin', 't/b/y.bin']);
      assert.deepEqual(await s.list('t/a'), ['t/a/x.bin']);
      await s.delete('t/a/x.bin');
      await s.delete('t/a/x.bin'); // idempotent
      assert.equal(await s.get('t/a/x.bin'), null);
      assert.equal(await s.head('nope'), null);
    });

    test('a staged write is invisible until commit, and abort leaves nothing', async () => {
      const s = make();
      const st = await s.stage();
      await st.write(bytes('part1-'));
      await st.write(bytes('part2'));
      assert.equal(st.size, 11);
      assert.deepEqual(await s.list(), []);
      assert.equal(await s.stagingCount(), 1);
      assert.deepEqual(await st.commit('k/v'), { key: 'k/v', size: 11 });
      assert.equal(text(await (await s.get('k/v'))!.bytes()), 'part1-part2');
      const dropped = await s.stage();
      await dropped.write(bytes('never'));
      await dropped.abort();
      await dropped.abort();
      assert.deepEqual(await s.list(), ['k/v']);
      assert.equal(await s.stagingCount(), 0);
      await assert.rejects(dropped.write(bytes('x')));
    });
  });
}

test('folder keys cannot escape the root', async () => {
  const s = new FolderBlobStore(join(tmp, 'escape'));
  for (const key of ['../x', 'a/../../x', '/abs', 'a//b', '.hidden']) await assert.rejects(s.put(key, bytes('x')), /invalid blob key/);
});
