import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { perplexityFromLogits, perplexityFromNll, tokenNll } from './perplexity.ts';
import { assertClose, loadGolden } from './test-support.ts';

describe('perplexity', () => {
  it('matches the golden value from token NLLs', () => {
    const g = loadGolden().perplexity;
    assertClose(perplexityFromNll(g.token_nll), g.perplexity);
  });

  it('uniform logits over V tokens give perplexity V', () => {
    assertClose(perplexityFromLogits([[0, 0, 0, 0], [5, 5, 5, 5]], [1, 3]), 4, { rel: 1e-12 });
  });

  it('is exp of the mean NLL of the logits, skipping the ignore index', () => {
    const logits = [[2, 0, -1], [0.5, 0.5, 3], [100, -100, 0]];
    const nll = [tokenNll(logits[0], 0), tokenNll(logits[2], 1)];
    assertClose(nll[0], Math.log(Math.exp(2) + 1 + Math.exp(-1)) - 2, { rel: 1e-12 });
    assertClose(nll[1], 200, { rel: 1e-12 }); // stable for large logits
    assertClose(perplexityFromLogits(logits, [0, -100, 1], { ignoreIndex: -100 }), Math.exp((nll[0] + nll[1]) / 2), { rel: 1e-12 });
    assert.throws(() => perplexityFromLogits(logits, [-100, -100, -100], { ignoreIndex: -100 }), /every target is ignored/);
    assert.throws(() => perplexityFromLogits(logits, [0, 3, 1]), /outside the vocabulary/);
  });

  it('weights per-batch mean losses by their token counts', () => {
    assertClose(perplexityFromNll([1, 2], [3, 1]), Math.exp(1.25), { rel: 1e-12 });
    assert.throws(() => perplexityFromNll([1], [0]), /positive/);
    assert.throws(() => perplexityFromNll([]), /empty/);
    assert.throws(() => perplexityFromNll([NaN]), /finite/);
  });
});
