import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { confusionMatrix } from './confusion-matrix.ts';
import { loadGolden } from './test-support.ts';

describe('confusionMatrix', () => {
  it('matches scikit-learn on the golden data', () => {
    const g = loadGolden().classification;
    assert.deepEqual(confusionMatrix(g.y_true, g.y_pred), g.confusion_matrix);
  });

  it('orders rows and columns by sorted labels, or by the labels given', () => {
    // scikit-learn's documented examples.
    assert.deepEqual(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]), [[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
    const yTrue = ['cat', 'ant', 'cat', 'cat', 'ant', 'bird'];
    const yPred = ['ant', 'ant', 'cat', 'cat', 'ant', 'cat'];
    assert.deepEqual(confusionMatrix(yTrue, yPred), [[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
    assert.deepEqual(confusionMatrix(yTrue, yPred, { labels: ['cat', 'ant'] }), [[2, 1], [0, 2]]);
    assert.deepEqual(confusionMatrix([10, 9, 10], [9, 9, 10]), [[1, 0], [1, 1]]);
  });

  it('normalizes with 0/0 as 0', () => {
    const cm = confusionMatrix([0, 0, 1], [0, 1, 1], { labels: [0, 1, 2], normalize: 'true' });
    assert.deepEqual(cm, [[0.5, 0.5, 0], [0, 1, 0], [0, 0, 0]]);
    assert.deepEqual(confusionMatrix([0, 0, 1], [0, 1, 1], { normalize: 'pred' }), [[1, 0.5], [0, 0.5]]);
    assert.deepEqual(confusionMatrix([0, 0, 1, 1], [0, 1, 1, 1], { normalize: 'all' }), [[0.25, 0.25], [0, 0.5]]);
  });

  it('refuses labels absent from yTrue', () => {
    assert.throws(() => confusionMatrix([0, 1], [0, 1], { labels: [5] }), /must be in yTrue/);
    assert.throws(() => confusionMatrix([0, 1], [0, 1], { labels: [] }), /at least one label/);
  });
});
