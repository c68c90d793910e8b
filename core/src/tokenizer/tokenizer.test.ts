import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTokenizer } from './load.ts';
import { Tokenizer } from './tokenizer.ts';

const HF = fileURLToPath(new URL('../../../../shared/fixtures/hf/', import.meta.url));
const MODELS = ['tiny-gpt2', 'tiny-llama'];

function inTemp(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'edgetune-tok-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('ids match transformers exactly for the fixture tokenizers (no special tokens are added)', () => {
  for (const model of MODELS) {
    const tok = loadTokenizer(join(HF, model));
    const { texts, ids } = JSON.parse(readFileSync(join(HF, model, 'tokenizer_expected.json'), 'utf8')) as { texts: string[]; ids: number[][] };
    assert.equal(texts.length, ids.length);
    texts.forEach((text, i) => {
      assert.deepEqual(tok.encode(text), ids[i], `${model}: ${text}`);
      assert.deepEqual(tok.encode(text, { addSpecialTokens: false }), ids[i]);
      assert.equal(tok.decode(ids[i]!), text, 'decode inverts encode');
    });
  }
});

test('fixture tokenizers expose vocab size and special ids (from config.json when no tokenizer_config)', () => {
  const tok = loadTokenizer(join(HF, 'tiny-gpt2'));
  assert.equal(tok.vocabSize, 504);
  assert.deepEqual([tok.bosTokenId, tok.eosTokenId, tok.padTokenId], [0, 0, null]);
  assert.deepEqual(tok.eosTokenIds, [0]);
  assert.equal(tok.chatTemplate, null);
  assert.deepEqual([...tok.specialTokenIds], [0]);
  assert.equal(tok.tokenToId('<|endoftext|>'), 0);
  assert.equal(tok.idToToken(14), '.');
});

test('special tokens: recognized in text, skippable on decode; empty and unknown ids decode safely', () => {
  const tok = loadTokenizer(join(HF, 'tiny-llama'));
  const ids = tok.encode('hi<|endoftext|>there');
  assert.ok(ids.includes(0));
  assert.equal(tok.decode(ids), 'hi<|endoftext|>there');
  assert.equal(tok.decode(ids, { skipSpecialTokens: true }), 'hithere');
  assert.equal(tok.decode([]), '');
  assert.equal(tok.decode([481, 510, 12]), tok.decode([481, 12]), 'ids past the tokenizer vocab are dropped');
  assert.equal(tok.decode(Int32Array.from([481, 12])), 'Hello,');
  assert.throws(() => tok.decode([1.5]), /not an integer/);
  assert.equal(tok.decode(tok.encode(' spaces  and\nnewlines .')), ' spaces  and\nnewlines .', 'no space clean-up');
});

test('tokenizer_config.json and chat_template.jinja supply special tokens and the chat template', () => {
  inTemp((dir) => {
    copyFileSync(join(HF, 'tiny-gpt2', 'tokenizer.json'), join(dir, 'tokenizer.json'));
    writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({
      eos_token: { content: '<|endoftext|>', special: true }, bos_token: '<|endoftext|>', pad_token: null,
      chat_template: [{ name: 'default', template: '{{ messages }}' }, { name: 'tool_use', template: 'x' }],
    }));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ eos_token_id: [0, 7] }));
    let tok = loadTokenizer(dir);
    assert.deepEqual([tok.bosTokenId, tok.eosTokenId, tok.padTokenId], [0, 0, null]);
    assert.deepEqual(tok.eosTokenIds, [0, 7]);
    assert.equal(tok.chatTemplate, '{{ messages }}');
    writeFileSync(join(dir, 'chat_template.jinja'), '{% for m in messages %}{{ m.content }}{% endfor %}');
    tok = loadTokenizer(dir);
    assert.equal(tok.chatTemplate, '{% for m in messages %}{{ m.content }}{% endfor %}');
    writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ eos_token: 42 }));
    assert.throws(() => loadTokenizer(dir), /cannot load tokenizer[\s\S]*eos_token/);
  });
});

test('addSpecialTokens controls the post-processor', () => {
  const json = JSON.parse(readFileSync(join(HF, 'tiny-gpt2', 'tokenizer.json'), 'utf8'));
  json.post_processor = {
    type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '<|endoftext|>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
    pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
    special_tokens: { '<|endoftext|>': { id: '<|endoftext|>', ids: [0], tokens: ['<|endoftext|>'] } },
  };
  const tok = new Tokenizer({ tokenizerJson: json });
  assert.deepEqual(tok.encode('Hello'), [0, 481]);
  assert.deepEqual(tok.encode('Hello', { addSpecialTokens: false }), [481]);
});

test('a folder without tokenizer.json gets a clear error', () => {
  inTemp((dir) => assert.throws(() => loadTokenizer(dir), /no tokenizer\.json/));
});
