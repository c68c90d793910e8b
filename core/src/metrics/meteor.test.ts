import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { meanMeteor, meteorScore } from './meteor.ts';
import { assertClose } from './test-support.ts';

// Worked by hand with NLTK's formulas: P = m/|hyp|, R = m/|ref|, Fmean = PR / (0.9P + 0.1R),
// penalty = 0.5 (chunks/m)^3, score = (1 - penalty) Fmean.
describe('METEOR (NLTK, exact matching)', () => {
  it('one gap makes two chunks', () => {
    // hyp: the cat sat on the mat / ref: the cat was on the mat
    // matches (hyp,ref): (0,0) (1,1) (3,3) (4,4) (5,5) -> m = 5, chunks 2 ("the cat" | "on the mat")
    // P = R = 5/6 -> Fmean = 5/6; penalty = 0.5 * 0.4^3 = 0.032 -> 0.968 * 5/6
    const score = meteorScore('the cat sat on the mat', ['the cat was on the mat']);
    assertClose(score, (0.968 * 5) / 6, { rel: 1e-12 });
  });

  it("matches from the hypothesis' end to the reference's last unmatched copy (and lowercases)", () => {
    // hyp A b a / ref a c a b: 'a'(2)->ref 2, 'b'(1)->ref 3, 'A'(0)->ref 0: three chunks.
    // P = 1, R = 3/4 -> Fmean = 0.75 / 0.975; penalty = 0.5 * 1^3
    assertClose(meteorScore(['A', 'b', 'a'], [['a', 'c', 'a', 'b']]), (0.5 * 0.75) / 0.975, { rel: 1e-12 });
  });

  it('no match scores 0; the best reference wins', () => {
    assert.equal(meteorScore('non matching hypothesis', ['this is a cat']), 0);
    assert.equal(meteorScore('', ['a']), 0);
    const best = meteorScore('the cat sat on the mat', ['dogs', 'the cat was on the mat']);
    assertClose(best, (0.968 * 5) / 6, { rel: 1e-12 });
  });

  it('perfect match keeps a small fragmentation penalty', () => {
    // m = 3, one chunk: penalty = 0.5 / 27; Fmean = 1
    assertClose(meteorScore('a b c', ['a b c']), 1 - 0.5 / 27, { rel: 1e-12 });
  });

  it('optional stem stage matches what exact matching left over', () => {
    const stemmer = (t: string) => t.replace(/s$/, '');
    assert.equal(meteorScore('cats', ['cat']), 0);
    assertClose(meteorScore('cats', ['cat'], { stemmer }), 0.5, { rel: 1e-12 });
  });

  it('corpus mean and parameters', () => {
    assertClose(meanMeteor(['a b c', 'x'], ['a b c', ['y', 'x']]), (1 - 0.5 / 27 + 0.5) / 2, { rel: 1e-12 });
    assertClose(meteorScore('a b c', ['a b c'], { gamma: 0 }), 1, { rel: 1e-12 });
    assert.throws(() => meteorScore('a', []), /no references/);
  });
});
