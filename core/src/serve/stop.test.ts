import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { loadTokenizer } from '../tokenizer/index.ts';
import { HF_FIXTURES } from '../weights/test-helpers.ts';
import { StopMatcher, type Detokenize } from './stop.ts';

test('string stops over a window give the same steps as decoding the whole output each token', () => {
  let x = 5;
  const rand = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % n;
  for (const name of ['tiny-gpt2', 'tiny-llama']) {
    const tokenizer = loadTokenizer(join(HF_FIXTURES, name));
    const decode: Detokenize = (ids) => tokenizer.decode(ids, { skipSpecialTokens: true });
    const phrases = tokenizer.encode('Answer: 42.\n\nUser: é😀 then END of the reply, and more text. ', { addSpecialTokens: false });
    let stopped = 0;
    for (let trial = 0; trial < 150; trial++) {
      // random ids mixed with runs of real text, so that stop strings recur
      const ids: number[] = [];
      while (ids.length < 20 + (trial % 50)) {
        if (rand(3) === 0) ids.push(rand(tokenizer.vocabSize));
        else ids.push(...phrases.slice(rand(phrases.length)).slice(0, 1 + rand(6)));
      }
      const text = decode(ids);
      const stops = Array.from({ length: 1 + rand(2) }, () => {
        const at = rand(Math.max(1, text.length));
        return text.slice(at, at + 1 + rand(5)) || 'END';
      });
      const windowed = new StopMatcher([], stops, decode);
      const whole = new StopMatcher([], stops, decode, { context: Infinity });
      for (const id of ids) {
        const a = windowed.push(id);
        assert.deepEqual(a, whole.push(id), `${name} trial ${trial}, stops ${JSON.stringify(stops)}`);
        if (a.stopped) {
          stopped++;
          break;
        }
      }
      assert.deepEqual(windowed.flush(), whole.flush());
    }
    assert.ok(stopped > 50, `${name}: only ${stopped} of 150 trials hit a stop`);
  }
});

test('each token decodes a window of the held tokens and a few before them, not the whole output', () => {
  let decoded = 0;
  const bytes: Detokenize = (ids) => ((decoded += ids.length), String.fromCharCode(...ids));
  const m = new StopMatcher([], ['xyz'], bytes);
  for (let i = 0; i < 1000; i++) m.push(0x61 + (i % 3)); // "abcabc…": never held for long
  assert.ok(decoded < 20 * 1000, `decoded ${decoded} ids for 1000 tokens`);
  assert.deepEqual(m.push(0x78).release, []); // 'x' may begin 'xyz'
  assert.deepEqual(m.push(0x79).release, []);
  assert.equal(m.push(0x7a).stopped, true);
});
