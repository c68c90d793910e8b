import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lcsLength, rougeScore, rougeTokens } from './rouge.ts';
import { assertClose, loadGolden } from './test-support.ts';

describe('ROUGE vs torchmetrics golden', () => {
  it('rouge1/2/L F-measure means', () => {
    const g = loadGolden().generation;
    const expected = g.rouge_torchmetrics_fmeasure_mean;
    const got = rougeScore(g.hyps, g.refs);
    for (const key of Object.keys(expected)) assertClose(got[key], expected[key], { abs: 1e-4 }, key);
  });
});

describe('ROUGE by hand', () => {
  it("torchmetrics' documented example", () => {
    const s = rougeScore(['My name is John'], ['Is your name John']);
    assert.equal(s.rouge1_fmeasure, 0.75);
    assert.equal(s.rouge2_fmeasure, 0);
    assert.equal(s.rougeL_fmeasure, 0.5);
    assert.equal(s.rougeL_precision, 0.5);
  });

  it('normalizes like torchmetrics: lowercase, non-alphanumerics become spaces', () => {
    assert.deepEqual(rougeTokens("Hello, World! It's 2024."), ['hello', 'world', 'it', 's', '2024']);
    assert.deepEqual(rougeTokens('café'), ['caf']);
    assert.equal(rougeScore(['Hello, world!'], ['hello world']).rouge2_fmeasure, 1);
  });

  it('ROUGE-L uses the longest common subsequence, not a substring', () => {
    assert.equal(lcsLength(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'b']), 3);
    // pred a c b, target a b c: LCS 2 -> P = R = 2/3
    assertClose(rougeScore(['a c b'], ['a b c'], { keys: ['rougeL'] }).rougeL_fmeasure, 2 / 3);
  });

  it('clips repeated n-grams and scores empty text as 0', () => {
    // pred 'the the the' vs 'the cat': hits 1, P 1/3, R 1/2
    assertClose(rougeScore(['the the the'], ['the cat'], { keys: ['rouge1'] }).rouge1_fmeasure, 0.4);
    assert.equal(rougeScore(['!!!'], ['a b']).rouge1_fmeasure, 0);
    assert.equal(rougeScore(['a'], ['a b']).rouge2_fmeasure, 0);
  });

  it("several references: 'best' keeps the highest F, 'avg' averages", () => {
    const refs = [['a b c d', 'x y']];
    assert.equal(rougeScore(['a b c d'], refs).rouge1_fmeasure, 1);
    assert.equal(rougeScore(['a b c d'], refs, { accumulate: 'avg' }).rouge1_fmeasure, 0.5);
  });

  it('custom stemmer applies to tokens longer than 3 characters', () => {
    const stem = (t: string) => t.replace(/s$/, '');
    // 'cats' -> 'cat' matches; 'bus' has 3 characters, stays, and misses 'bu'.
    assert.equal(rougeScore(['cats bus'], ['cat bu'], { stemmer: stem }).rouge1_fmeasure, 0.5);
    assert.throws(() => rougeScore(['a'], ['a'], { keys: ['rougeLsum' as never] }), /unknown key/);
  });
});
