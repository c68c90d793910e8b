import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { loadTokenizer } from '../tokenizer/index.ts';
import { HF_FIXTURES } from '../weights/test-helpers.ts';
import { TextStream, type DecodeIds } from './text-stream.ts';

// one id per byte, UTF-8 with replacement characters: a byte-level BPE's decode
const bytes: DecodeIds = (ids) => new TextDecoder().decode(Uint8Array.from(ids));
const streamAll = (decode: DecodeIds, ids: number[]) => {
  const s = new TextStream(decode);
  const pieces = ids.map((id) => s.push(id));
  return { pieces, tail: s.end() };
};

test('multi-byte characters are held until complete; pieces join to the whole decode', () => {
  const ids = [...new TextEncoder().encode('a€b😀')];
  const { pieces, tail } = streamAll(bytes, ids);
  assert.deepEqual(pieces, ['a', '', '', '€', 'b', '', '', '', '😀']);
  assert.equal(tail, '');
});

test('an unfinished or invalid character at the end is emitted as U+FFFD, as the whole decode has it', () => {
  for (const ids of [[0x61, 0xe2, 0x82], [0x80], [0x61, 0xf0], [0xe2, 0x41, 0xe2]]) {
    const { pieces, tail } = streamAll(bytes, ids);
    assert.equal(pieces.join('') + tail, bytes(ids), JSON.stringify(ids));
  }
});

test('random byte streams: the pieces always join to the whole decode', () => {
  let x = 7;
  for (let trial = 0; trial < 300; trial++) {
    const ids = Array.from({ length: 1 + (trial % 17) }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) & 0xff);
    const { pieces, tail } = streamAll(bytes, ids);
    assert.equal(pieces.join('') + tail, bytes(ids), JSON.stringify(ids));
  }
});

test('a decoder that rewrites earlier text (" ." → ".") does not stall the stream', () => {
  const vocab = ['Hi', ' ', '.', ' there'];
  const cleanup: DecodeIds = (ids) => ids.map((i) => vocab[i]).join('').replace(/ \./g, '.');
  const { pieces, tail } = streamAll(cleanup, [0, 1, 2, 3]);
  // the space was streamed before the cleanup removed it; nothing after it is lost
  assert.deepEqual(pieces, ['Hi', ' ', '.', ' there']);
  assert.equal(cleanup([0, 1, 2, 3]), 'Hi. there');
  assert.equal(tail, '');
});

test('each token re-decodes a window of about two steps, not the whole output', () => {
  let decoded = 0;
  const counting: DecodeIds = (ids) => ((decoded += ids.length), bytes(ids));
  const s = new TextStream(counting);
  for (let i = 0; i < 1000; i++) s.push(0x61);
  assert.ok(decoded < 4 * 1000, `decoded ${decoded} ids for 1000 tokens`);
});

test('with the fixtures\' byte-level BPE tokenizers, random outputs stream to exactly their whole decode', () => {
  for (const name of ['tiny-gpt2', 'tiny-llama']) {
    const tokenizer = loadTokenizer(join(HF_FIXTURES, name));
    const decode: DecodeIds = (ids) => tokenizer.decode(ids, { skipSpecialTokens: true });
    let x = 11;
    for (let trial = 0; trial < 200; trial++) {
      const ids = Array.from({ length: 1 + (trial % 23) }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % tokenizer.vocabSize);
      const { pieces, tail } = streamAll(decode, ids);
      assert.equal(pieces.join('') + tail, decode(ids), `${name}: ${JSON.stringify(ids)}`);
    }
  }
});
