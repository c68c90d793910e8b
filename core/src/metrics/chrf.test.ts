import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { corpusChrf, sentenceChrf } from './chrf.ts';
import { assertClose, loadGolden } from './test-support.ts';

describe('chrF vs sacrebleu 2.6 golden', () => {
  it('corpus chrF (char order 6, word order 0, beta 2)', () => {
    const g = loadGolden().generation;
    assertClose(corpusChrf(g.hyps, g.refs), g.chrf, { abs: 1e-4 });
  });
});

describe('chrF by hand', () => {
  it('identical is 100, disjoint is 0', () => {
    assert.equal(sentenceChrf('a b c', 'a b c'), 100);
    assert.equal(sentenceChrf('xyz', 'abc'), 0);
  });

  it('averages precision and recall over orders, then F-beta', () => {
    // chars 'ab' vs 'abc', orders 1-2: P = (1 + 1)/2, R = (2/3 + 1/2)/2 = 7/12; F2 = 5PR/(4P + R) = 7/11
    assertClose(sentenceChrf('ab', 'abc', { charOrder: 2 }), (100 * 7) / 11, { rel: 1e-12 });
    // Whitespace is dropped before extracting character n-grams.
    assert.equal(sentenceChrf('a b', 'ab', { charOrder: 2 }), 100);
  });

  it('orders the hypothesis lacks drop out of the average (effective order)', () => {
    // 'ab' has no 3..6-grams; 'abc' has 3-grams, but only orders with both sides count.
    assertClose(sentenceChrf('ab', 'abc'), (100 * 7) / 11, { rel: 1e-12 });
    // chrF++.py-style epsilon smoothing averages per-order F instead: (5/7 + 5/9 + 0) / 3.
    assertClose(sentenceChrf('ab', 'abc', { charOrder: 3, epsSmoothing: true }), (100 * (5 / 7 + 5 / 9)) / 3, { rel: 1e-12 });
  });

  it("chrF++ word n-grams split one edge punctuation mark off each word", () => {
    assert.equal(sentenceChrf('hello!', 'hello !', { wordOrder: 2 }), 100);
    assert.ok(sentenceChrf('hello world', 'hello there', { wordOrder: 2 }) < sentenceChrf('hello world', 'hello there'));
  });

  it('several references: the best one counts; lowercase option', () => {
    assert.equal(sentenceChrf('the cat', ['a dog', 'the cat']), 100);
    assert.equal(sentenceChrf('The Cat', 'the cat', { lowercase: true }), 100);
    assert.throws(() => corpusChrf(['a'], ['a', 'b']), /different lengths/);
  });
});
