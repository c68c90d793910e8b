import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkGolden, GoldenFormatError } from './check.ts';
import { compareToGolden } from './compare.ts';
import { loadGolden } from './test-support.ts';

const INPUT_KEYS = new Set(['y_true', 'y_pred', 'y_score', 'probs', 'hyps', 'refs', 'pred', 'gold', 'normalization', 'token_nll']);

/** Paths of every stored result in a golden object (everything that is not an input). */
function outputPaths(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => {
    if (INPUT_KEYS.has(k) || (prefix === '' && k === 'sources')) return [];
    const path = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? outputPaths(v as Record<string, unknown>, path) : [path];
  });
}

describe('checkGolden', () => {
  const golden = loadGolden();

  it('recomputes every stored metric within tolerance, in the same layout', () => {
    const result = checkGolden(golden);
    assert.deepEqual(result.unrecognized, []);
    assert.deepEqual(outputPaths(result).filter((p) => p !== 'unrecognized').sort(), outputPaths(golden).sort());
    const comparisons = compareToGolden(golden, result);
    const bad = comparisons.filter((c) => !c.ok);
    assert.deepEqual(bad, []);
    assert.ok(comparisons.length >= 60, `only ${comparisons.length} values compared`);
  });

  it('reports unknown sections and keys instead of skipping them', () => {
    const doctored = structuredClone(golden);
    doctored.meteor = { score: 1 };
    doctored.classification.balanced_accuracy = 0.7;
    doctored.generation.rouge_torchmetrics_fmeasure_mean.rougeLsum_fmeasure = 0.8;
    doctored.constructor = {};
    const result = checkGolden(doctored);
    assert.deepEqual(result.unrecognized, [
      { path: 'classification.balanced_accuracy', reason: 'unknown key; not checked' },
      { path: 'generation.rouge_torchmetrics_fmeasure_mean.rougeLsum_fmeasure', reason: 'rougeLsum is not implemented (torchmetrics splits sentences with NLTK punkt)' },
      { path: 'meteor', reason: 'unknown section; not checked' },
      { path: 'constructor', reason: 'unknown section; not checked' },
    ]);
    assert.equal('meteor' in result, false);
    assert.equal((result.classification as Record<string, unknown>).accuracy, golden.classification.accuracy);
  });

  it('computes every default metric for a section that stores only inputs', () => {
    const result = checkGolden({ regression: { y_true: [1, 2, 3], y_pred: [1, 2, 4] }, binary: { y_true: [0, 1], y_score: [0.2, 0.9] } });
    assert.deepEqual(Object.keys(result.regression as object), ['mae', 'mse', 'rmse', 'r2']);
    assert.deepEqual(result.binary, { roc_auc: 1 });
  });

  it('honours a full sacrebleu signature and logits-based perplexity', () => {
    const g = golden.generation;
    const result = checkGolden({
      generation: { hyps: g.hyps, refs: g.refs, sacrebleu_signature: 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0', sacrebleu_corpus_bleu: 0 },
      perplexity: { logits: [[0, 0], [1, 1]], targets: [0, -100], ignore_index: -100 },
    });
    const plain = checkGolden(golden).generation as Record<string, number>;
    assert.equal((result.generation as Record<string, number>).sacrebleu_corpus_bleu, plain.sacrebleu_corpus_bleu);
    assert.deepEqual(result.perplexity, { perplexity: 2 });
  });

  it('rejects malformed inputs with the path of the problem', () => {
    const bad = structuredClone(golden);
    bad.classification.y_pred[3] = null;
    assert.throws(() => checkGolden(bad), (e: unknown) => e instanceof GoldenFormatError && /classification\.y_pred\.3/.test(e.message));
    assert.throws(() => checkGolden({ qa: { pred: ['a'] } }), /qa\.gold/);
    assert.throws(() => checkGolden({ perplexity: {} }), /needs token_nll, or logits and targets/);
    assert.throws(() => checkGolden({ regression: { y_true: [1, 2], y_pred: [1] } }), /regression\.mae: meanAbsoluteError: inputs have different lengths/);
    assert.throws(() => checkGolden([1, 2]), /top level/);
    assert.throws(() => checkGolden({ binary: 3 }), /binary: expected an object/);
  });
});

describe('compareToGolden', () => {
  it('flags values outside tolerance and mismatched shapes', () => {
    const expected = { a: { x: 1, bleu: 50, list: [1, 2], name: '13a' } };
    const actual = { a: { x: 1 + 1e-9, bleu: 50.001, list: [1], name: '13a', extra: 5 }, unrecognized: [] };
    const out = compareToGolden(expected, actual);
    assert.deepEqual(out.map((c) => [c.path, c.ok]), [['a.x', true], ['a.bleu', false], ['a.list', false], ['a.name', true]]);
  });
});
