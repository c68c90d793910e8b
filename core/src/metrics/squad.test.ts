import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeAnswer, squadExactMatch, squadF1, squadScores } from './squad.ts';
import { assertAllClose, assertClose, loadGolden } from './test-support.ts';

describe('SQuAD v1.1 vs golden', () => {
  it('per-example exact match and F1', () => {
    const g = loadGolden().qa;
    const s = squadScores(g.pred, g.gold);
    assert.deepEqual(s.perExample.exactMatch, g.exact_match);
    assertAllClose(s.perExample.f1, g.f1);
    assertClose(s.exactMatch, (100 * g.exact_match.reduce((a: number, b: number) => a + b, 0)) / g.pred.length);
  });
});

describe('SQuAD by hand', () => {
  it('normalizes like the official script', () => {
    assert.equal(normalizeAnswer('The  Eiffel-Tower!'), 'eiffeltower');
    assert.equal(normalizeAnswer('An apple, a pear and THE end.'), 'apple pear and end');
    assert.equal(normalizeAnswer('theater another'), 'theater another');
    assert.equal(normalizeAnswer('the'), '');
  });

  it('takes the best gold answer', () => {
    assert.equal(squadExactMatch('Paris', ['London', 'paris.']), 1);
    assertClose(squadF1('in Paris France', ['Paris', 'Paris, France']), 0.8);
    assert.equal(squadF1('', 'Paris'), 0);
    assert.equal(squadExactMatch('', 'the'), 1); // both normalize to ''
  });

  it('token F1 counts repeated tokens once each', () => {
    // pred 'a b b', gold 'b b b c' -> common 2, P 2/3, R 2/4
    assertClose(squadF1('x b b', 'b b b c'), (2 * (2 / 3) * 0.5) / (2 / 3 + 0.5));
  });

  it('corpus scores are percentages; inputs are checked', () => {
    const s = squadScores(['x', 'y'], ['x', 'z']);
    assert.equal(s.exactMatch, 50);
    assert.equal(s.f1, 50);
    assert.throws(() => squadScores(['a'], []), /different lengths/);
    assert.throws(() => squadF1('a', []), /no gold answers/);
  });
});
