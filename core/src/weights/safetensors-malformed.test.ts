import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensors, readSafetensorsHeader } from './safetensors-file.ts';
import { parseSafetensors } from './safetensors-parse.ts';
import { craftSafetensors, withTempDir } from './test-helpers.ts';

const f32 = (begin: number, end: number, shape = [(end - begin) / 4]) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

/** Each bad file is rejected from memory and from disk, naming the file (and tensor when there is one). */
function rejects(bytes: Uint8Array, message: RegExp): void {
  assert.throws(() => parseSafetensors(bytes, 'bad.safetensors'), (e: Error) => {
    assert.match(e.message, /^safetensors bad\.safetensors: /);
    assert.match(e.message, message);
    return true;
  });
  withTempDir((dir) => {
    const path = join(dir, 'bad.safetensors');
    writeFileSync(path, bytes);
    for (const read of [readSafetensors, readSafetensorsHeader]) {
      assert.throws(() => read(path), (e: Error) => e.message.includes(path) && message.test(e.message));
    }
  });
}

test('files shorter than the length prefix are rejected', () => {
  rejects(new Uint8Array(5), /shorter than the 8-byte header length/);
});

test('a header length past the end of the file is rejected', () => {
  rejects(craftSafetensors({}, 0, 1000n), /header length 1000 runs past the end of the file/);
});

test('a header length over 100 MB is rejected before reading it', () => {
  rejects(craftSafetensors({}, 0, 200_000_000n), /exceeds the 100000000-byte limit/);
  rejects(craftSafetensors({}, 0, 2n ** 63n), /exceeds/);
});

test('bad JSON, non-object headers and bad metadata are rejected', () => {
  rejects(craftSafetensors('{"a": ', 0), /not valid UTF-8 JSON/);
  rejects(craftSafetensors('[1, 2]', 0), /not a JSON object/);
  rejects(craftSafetensors({ __metadata__: { format: 1 } }, 0), /__metadata__\.format is not a string/);
  const badUtf8 = craftSafetensors('{ }', 0);
  badUtf8[9] = 0xff; // '{\xff}'
  rejects(badUtf8, /not valid UTF-8 JSON/);
});

test('offsets outside the data section are rejected', () => {
  rejects(craftSafetensors({ w: f32(0, 16) }, 8), /tensor 'w': data_offsets \[0, 16\] lie outside the data section \(8 bytes\)/);
  rejects(craftSafetensors({ w: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, 8), /tensor 'w': .*begin > end/);
  rejects(craftSafetensors({ w: { dtype: 'F32', shape: [2], data_offsets: [-8, 0] } }, 8), /tensor 'w': data_offsets/);
  rejects(craftSafetensors({ w: { dtype: 'F32', shape: [2] } }, 8), /tensor 'w': data_offsets undefined/);
});

test('overlapping tensors are rejected', () => {
  rejects(craftSafetensors({ a: f32(0, 16), b: f32(8, 24) }, 24), /tensor 'b' \[8, 24\] overlaps tensor 'a' \[0, 16\]/);
  rejects(craftSafetensors({ a: f32(0, 16), b: f32(0, 16) }, 16), /overlaps/);
});

test('a byte span that does not match numel * dtype size is rejected', () => {
  rejects(craftSafetensors({ w: f32(0, 12, [2, 2]) }, 16), /tensor 'w': F32 shape \[2,2\] needs 16 bytes but data_offsets \[0, 12\] span 12/);
  rejects(craftSafetensors({ w: { dtype: 'BF16', shape: [3], data_offsets: [0, 3] } }, 4), /tensor 'w': BF16 shape \[3\] needs 6 bytes/);
});

test('unsupported dtypes and malformed shapes are rejected', () => {
  rejects(craftSafetensors({ w: { dtype: 'F8_E4M3', shape: [4], data_offsets: [0, 4] } }, 4), /tensor 'w': unsupported dtype "F8_E4M3"/);
  rejects(craftSafetensors({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4), /tensor 'w': shape \[-1\] is not a list/);
  rejects(craftSafetensors({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, 4), /tensor 'w': shape/);
  rejects(craftSafetensors({ w: 'nope' }, 4), /tensor 'w': entry is not an object/);
});
