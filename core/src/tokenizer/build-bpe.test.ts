import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildByteLevelBpe } from './build-bpe.ts';
import { byteAlphabet, bytesToUnicode } from './byte-level.ts';
import { learnMerges } from './train-bpe.ts';
import { Tokenizer } from './tokenizer.ts';

const SAMPLES = [
  'The model learns low rank updates.',
  'Hello, world! 123 456\n\ttabs and  double  spaces ',
  '微调让模型适应特定任务。',
  'naïve café — emoji 🤖🚀 and math ∑ x² ≤ ∞',
  '<|endoftext|> special in the middle <|endoftext|>',
];

test('the byte alphabet is GPT-2 bytes_to_unicode, sorted like HF trainer vocabularies', () => {
  const map = bytesToUnicode();
  assert.equal(map[32], 'Ġ');
  assert.equal(map[10], 'Ċ');
  assert.equal(map[33], '!');
  assert.equal(map[0], 'Ā');
  assert.equal(new Set(map).size, 256);
  assert.deepEqual(byteAlphabet().slice(0, 3), ['!', '"', '#']);
});

test('vocabularies have exactly vocabSize ids, for small and GPT-2-sized vocabularies', () => {
  for (const vocabSize of [257, 300, 512, 8192, 50257]) {
    const json = buildByteLevelBpe({ vocabSize }) as { model: { vocab: Record<string, number>; merges: unknown[] } };
    const ids = Object.values(json.model.vocab).sort((a, b) => a - b);
    assert.equal(ids.length, vocabSize);
    assert.equal(ids[vocabSize - 1], vocabSize - 1);
    assert.equal(json.model.merges.length, vocabSize - 257);
    assert.equal(json.model.vocab['<|endoftext|>'], 0);
  }
  assert.throws(() => buildByteLevelBpe({ vocabSize: 256 }), /vocabSize >= 257/);
});

test('generated tokenizers are deterministic, load, and round-trip ASCII and UTF-8 text', () => {
  for (const vocabSize of [257, 1000, 8192]) {
    const json = buildByteLevelBpe({ vocabSize });
    assert.deepEqual(buildByteLevelBpe({ vocabSize }), json);
    const tok = new Tokenizer({ tokenizerJson: json });
    assert.equal(tok.vocabSize, vocabSize);
    for (const s of SAMPLES) {
      const ids = tok.encode(s);
      assert.ok(ids.every((id) => id >= 0 && id < vocabSize));
      assert.equal(tok.decode(ids), s, `${vocabSize}: ${s}`);
    }
  }
});

test('learned merges compress common English words', () => {
  const tok = new Tokenizer({ tokenizerJson: buildByteLevelBpe({ vocabSize: 2048 }) });
  assert.ok(tok.encode(' the model').length <= 2);
  assert.deepEqual(learnMerges('ab ab ab', 10), [['a', 'b'], ['Ġ', 'ab']]);
  assert.deepEqual(learnMerges('abc', 10), [], 'pairs seen once are not merged');
});
