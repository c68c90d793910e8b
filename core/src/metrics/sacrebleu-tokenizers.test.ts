import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSacreChineseChar, sacreTokenizer, tokenize13a, tokenizeChar, tokenizeZh } from './sacrebleu-tokenizers.ts';

describe('sacrebleu 13a tokenizer', () => {
  it('splits punctuation and symbols', () => {
    assert.equal(tokenize13a('Hello, world!'), 'Hello , world !');
    assert.equal(tokenize13a('"Quote" (paren) a/b x@y'), '" Quote " ( paren ) a / b x @ y');
  });

  it('keeps periods and commas inside numbers, splits dashes after digits', () => {
    assert.equal(tokenize13a('It costs 1,000.50 now.'), 'It costs 1,000.50 now .');
    assert.equal(tokenize13a('pages 3-5 and well-known'), 'pages 3 - 5 and well-known');
  });

  it('unescapes a few HTML entities and drops <skipped>', () => {
    assert.equal(tokenize13a('&quot;a&quot; &amp; &lt;b&gt;<skipped>'), '" a " & < b >');
    assert.equal(tokenize13a('line-\nbreak\nnext'), 'linebreak next');
  });

  it('collapses whitespace like Python str.split', () => {
    assert.equal(tokenize13a('  a \t b\u3000c\x1fd  '), 'a b c d');
  });
});

describe('sacrebleu zh tokenizer', () => {
  it('isolates each Chinese character and full-width punctuation', () => {
    assert.equal(tokenizeZh('微调，模型 GPT-2 好.'), '微 调 ， 模 型 GPT-2 好 .');
    // Unlike 13a, zh does not pad the line, so a final period after a digit stays attached.
    assert.equal(tokenizeZh('版本 2.'), '版 本 2.');
    assert.equal(tokenize13a('version 2.'), 'version 2 .');
  });

  it("keeps sacrebleu's range quirk: U+2001..U+2A6D count as Chinese", () => {
    assert.equal(isSacreChineseChar('\u201c'), true); // left double quotation mark
    assert.equal(isSacreChineseChar('\u2000'), false);
    assert.equal(isSacreChineseChar('\u{20000}'), false); // real Extension B is never matched
    assert.equal(tokenizeZh('a\u201cb\u201d'), 'a \u201c b \u201d');
  });
});

describe('other tokenizers', () => {
  it('char and none', () => {
    assert.equal(tokenizeChar('ab c'), 'a b   c');
    assert.equal(sacreTokenizer('none')(' x  y '), ' x  y ');
    assert.throws(() => sacreTokenizer('intl' as never), /unknown sacrebleu tokenizer/);
  });
});
