import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { entityF1, entityScores, getEntities, tokenAccuracy } from './token.ts';
import { assertClose } from './test-support.ts';

describe('tokenAccuracy', () => {
  it('counts agreeing positions over all sequences', () => {
    assert.equal(tokenAccuracy([['O', 'B-PER'], ['O']], [['O', 'O'], ['O']]), 2 / 3);
  });

  it('skips positions whose true label is the ignore label', () => {
    assert.equal(tokenAccuracy([[-100, 3, 4, -100]], [[1, 3, 5, 7]], { ignoreLabel: -100 }), 0.5);
    assert.throws(() => tokenAccuracy([[-100]], [[1]], { ignoreLabel: -100 }), /no tokens to score/);
    assert.throws(() => tokenAccuracy([[1, 2]], [[1]]), /sequence 0: inputs have different lengths/);
  });
});

describe('getEntities (seqeval semantics)', () => {
  it('reads BIO spans', () => {
    assert.deepEqual(getEntities(['B-PER', 'I-PER', 'O', 'B-LOC']), [
      { type: 'PER', start: 0, end: 1 },
      { type: 'LOC', start: 3, end: 3 },
    ]);
  });

  it('an I- tag after O, or after another type, starts a new entity', () => {
    assert.deepEqual(getEntities(['O', 'I-PER', 'I-PER', 'O']), [{ type: 'PER', start: 1, end: 2 }]);
    assert.deepEqual(getEntities(['I-PER']), [{ type: 'PER', start: 0, end: 0 }]);
    assert.deepEqual(getEntities(['B-PER', 'I-LOC', 'I-LOC']), [
      { type: 'PER', start: 0, end: 0 },
      { type: 'LOC', start: 1, end: 2 },
    ]);
    // B- always starts a new entity, even of the same type.
    assert.deepEqual(getEntities(['B-PER', 'B-PER']), [
      { type: 'PER', start: 0, end: 0 },
      { type: 'PER', start: 1, end: 1 },
    ]);
  });

  it('handles IOBES tags and types containing dashes', () => {
    assert.deepEqual(getEntities(['S-ORG', 'B-MISC-X', 'E-MISC-X']), [
      { type: 'ORG', start: 0, end: 0 },
      { type: 'MISC-X', start: 1, end: 2 },
    ]);
  });

  it('sentences are joined with an O, so spans never cross them', () => {
    assert.deepEqual(getEntities([['B-PER', 'I-PER'], ['I-PER']]), [
      { type: 'PER', start: 0, end: 1 },
      { type: 'PER', start: 3, end: 3 },
    ]);
  });
});

describe('entityScores', () => {
  // seqeval's documented example: MISC is predicted one token early, PER is right.
  const yTrue = [['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']];
  const yPred = [['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']];

  it('micro, macro and weighted F1 and per-type scores', () => {
    assert.equal(entityF1(yTrue, yPred), 0.5);
    const s = entityScores(yTrue, yPred);
    assert.deepEqual(Object.keys(s.perType), ['MISC', 'PER']);
    assert.deepEqual(s.perType.MISC, { precision: 0, recall: 0, f1: 0, support: 1 });
    assert.deepEqual(s.perType.PER, { precision: 1, recall: 1, f1: 1, support: 1 });
    assert.equal(entityScores(yTrue, yPred, { average: 'macro' }).f1, 0.5);
    assert.equal(entityScores(yTrue, yPred, { average: 'weighted' }).f1, 0.5);
    assert.equal(s.support, 2);
  });

  it('weighted uses the true entity counts', () => {
    const t = [['B-A', 'O', 'B-A', 'O', 'B-B']];
    const p = [['B-A', 'O', 'O', 'O', 'O']];
    // A: p 1, r 1/2, F 2/3, support 2; B: p 0 (nothing predicted), r 0, F 0, support 1
    assertClose(entityScores(t, p, { average: 'weighted' }).f1, (2 * (2 / 3) + 0) / 3);
    assertClose(entityScores(t, p, { average: 'macro' }).recall, 0.25);
    assertClose(entityScores(t, p).precision, 1);
    assertClose(entityScores(t, p).recall, 1 / 3);
  });

  it('zero division: no predicted or no true entities', () => {
    const none = [['O', 'O']];
    assert.deepEqual(entityScores([['B-A', 'O']], none), { precision: 0, recall: 0, f1: 0, support: 1, perType: { A: { precision: 0, recall: 0, f1: 0, support: 1 } } });
    assert.equal(entityScores([['B-A', 'O']], none, { zeroDivision: 1 }).precision, 1);
    assert.equal(entityScores(none, none).f1, 0);
    assert.equal(entityScores(none, none, { zeroDivision: 1 }).f1, 1);
    assert.throws(() => entityScores([['O']], [['O', 'O']]), /sentence 0/);
  });
});
