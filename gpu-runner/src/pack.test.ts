import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isPack, packDir, PackError, readPack, unpackTo } from './pack.ts';

const tmp = mkdtempSync(join(tmpdir(), 'edgetune-pack-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function folder(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'adapter'), { recursive: true });
  writeFileSync(join(dir, 'trainer_state.json'), '{"step":3}\n');
  writeFileSync(join(dir, 'params.safetensors'), new Uint8Array([1, 2, 3, 4, 5]));
  writeFileSync(join(dir, 'adapter', 'adapter_config.json'), '{}');
  writeFileSync(join(dir, 'adapter', 'empty.bin'), new Uint8Array());
  return dir;
}

test('a folder packs deterministically and unpacks to the same files', () => {
  const a = packDir(folder('a'));
  assert.deepEqual(packDir(folder('b')), a, 'same content, same bytes (so the same sha256)');
  assert.ok(isPack(a));
  assert.deepEqual(readPack(a).map((f) => f.path), ['adapter/adapter_config.json', 'adapter/empty.bin', 'params.safetensors', 'trainer_state.json']);
  const out = join(tmp, 'out', 'step-000003');
  unpackTo(a, out);
  assert.equal(readFileSync(join(out, 'trainer_state.json'), 'utf8'), '{"step":3}\n');
  assert.deepEqual([...readFileSync(join(out, 'params.safetensors'))], [1, 2, 3, 4, 5]);
  assert.deepEqual(packDir(out), a);
});

test('malformed or hostile packs are refused', () => {
  const good = packDir(folder('c'));
  const forge = (files: unknown, body = new Uint8Array()) => {
    const header = new TextEncoder().encode(JSON.stringify({ files }));
    const out = new Uint8Array(12 + header.length + body.length);
    out.set(good.subarray(0, 8));
    new DataView(out.buffer).setUint32(8, header.length, true);
    out.set(header, 12);
    out.set(body, 12 + header.length);
    return out;
  };
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array([1, 2, 3]), /bad magic/],
    [good.subarray(0, good.length - 1), /bad size|trailing/],
    [new Uint8Array([...good, 0]), /trailing/],
    [forge([{ path: '../escape', bytes: 0 }]), /unsafe path/],
    [forge([{ path: '/abs', bytes: 0 }]), /unsafe path/],
    [forge([{ path: 'a/../../b', bytes: 0 }]), /unsafe path/],
    [forge([{ path: 'x', bytes: -1 }]), /bad size/],
    [forge('nope'), /no file list/],
  ];
  for (const [bytes, re] of cases) assert.throws(() => readPack(bytes), (e: Error) => e instanceof PackError && re.test(e.message), re.source);
});
