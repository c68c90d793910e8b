import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBleuSignature } from './bleu-signature.ts';
import { computeBleu, corpusBleu, sentenceBleu } from './bleu.ts';
import { assertAllClose, assertClose, loadGolden } from './test-support.ts';

const ABS = { abs: 1e-4 };

describe('BLEU vs sacrebleu 2.6 golden', () => {
  const g = loadGolden().generation;

  it('corpus BLEU (13a, exp smoothing): score, precisions, brevity penalty', () => {
    const b = corpusBleu(g.hyps, g.refs);
    assertClose(b.score, g.sacrebleu_corpus_bleu, ABS);
    assertAllClose(b.precisions, g.bleu_precisions, ABS);
    assertClose(b.bp, g.bleu_bp, ABS);
    assert.equal(parseBleuSignature(g.sacrebleu_signature).tokenize, '13a');
  });

  it('sentence BLEU (effective order) for the stored hypotheses', () => {
    const scores = g.sentence_bleu.map((_: number, i: number) => sentenceBleu(g.hyps[i], g.refs[i]).score);
    assertAllClose(scores, g.sentence_bleu, ABS);
  });

  it("corpus BLEU with tokenize='zh'", () => {
    assertClose(corpusBleu(g.zh.hyps, g.zh.refs, { tokenize: 'zh' }).score, g.zh.sacrebleu_corpus_bleu_tokenize_zh, ABS);
    // Without zh tokenization each Chinese sentence is a single token: no match at all.
    assert.equal(corpusBleu(g.zh.hyps, g.zh.refs).score, 0);
  });
});

describe('BLEU by hand', () => {
  it('identical text scores 100', () => {
    const b = corpusBleu(['the cat sat on the mat'], ['the cat sat on the mat']);
    assertClose(b.score, 100, { rel: 1e-12 }); // exp(mean(log 100)), as in Python
    assert.deepEqual(b.counts, [6, 5, 4, 3]);
  });

  it('exp smoothing halves the pseudo-count for each further empty order', () => {
    // unigrams 2/3, bigrams 1/2, trigrams 0/1 -> 100/(2*1) = 50; no 4-grams at all.
    const s = sentenceBleu('the cat sat', 'the cat ran');
    assertAllClose(s.precisions, [200 / 3, 50, 50, 0]);
    assertClose(s.score, Math.cbrt((200 / 3) * 50 * 50), { rel: 1e-12 });
    // Corpus BLEU has no effective order, so the missing 4-grams floor the score to 0.
    assert.equal(corpusBleu(['the cat sat'], ['the cat ran']).score, 0);
  });

  it('floor and add-k smoothing follow sacrebleu', () => {
    const floor = computeBleu([2, 1, 0, 0], [3, 2, 1, 0], 3, 3, { smoothMethod: 'floor', effectiveOrder: true });
    assertAllClose(floor.precisions, [200 / 3, 50, 10, 0]);
    const addK = computeBleu([2, 1, 0, 0], [3, 2, 1, 0], 3, 3, { smoothMethod: 'add-k', effectiveOrder: true });
    assertAllClose(addK.precisions, [200 / 3, 200 / 3, 50, 100]);
    assert.deepEqual(addK.counts, [2, 2, 1, 1]); // sacrebleu reports the smoothed counts
  });

  it('empty hypotheses: brevity penalty 0 and score 0', () => {
    const one = sentenceBleu('', 'a reference');
    assert.equal(one.score, 0);
    assert.equal(one.sysLen, 0);
    const all = corpusBleu(['', ''], ['a b', 'c']);
    assert.deepEqual([all.score, all.bp, all.refLen], [0, 0, 3]);
    // An empty line among good ones only shortens the system output.
    const mixed = corpusBleu(['', 'a b c d'], ['x y', 'a b c d']);
    assertClose(mixed.bp, Math.exp(1 - 6 / 4), { rel: 1e-12 });
    assertClose(mixed.score, 100 * Math.exp(1 - 6 / 4), { rel: 1e-12 });
  });

  it('several references: clipped by the max count, closest length with ties to the shorter', () => {
    const b = corpusBleu(['the the the the'], [['the cat', 'the the dog x y']]);
    assert.equal(b.counts[0], 2);
    assert.equal(b.refLen, 5); // |4-2| = 2 vs |4-5| = 1
    const tie = corpusBleu(['a b c d'], [['a b c', 'a b c d e']]);
    assert.equal(tie.refLen, 3);
  });

  it('lowercase option and input checks', () => {
    assertClose(corpusBleu(['The Cat sat on the mat'], ['the cat sat on the mat'], { lowercase: true }).score, 100, { rel: 1e-12 });
    assert.throws(() => corpusBleu(['a'], []), /different lengths/);
    assert.throws(() => corpusBleu(['a'], [[]]), /no reference/);
    assert.throws(() => corpusBleu([], []), /empty/);
  });

  it('parses full sacrebleu signatures', () => {
    assert.deepEqual(parseBleuSignature('nrefs:1|case:lc|eff:yes|tok:zh|smooth:floor[0.20]|version:2.6.0'), {
      lowercase: true, effectiveOrder: true, tokenize: 'zh', smoothMethod: 'floor', smoothValue: 0.2,
    });
    assert.throws(() => parseBleuSignature('intl'), /not supported/);
    assert.throws(() => parseBleuSignature('tok:13a|foo:1'), /unknown field/);
  });
});
