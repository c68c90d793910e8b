import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { cli } from './test-support.ts';

const GOLDEN = fileURLToPath(new URL('../../../../../shared/fixtures/metrics/golden.json', import.meta.url));
const INPUTS = new Set(['y_true', 'y_pred', 'y_score', 'probs', 'labels', 'pos_label', 'hyps', 'refs', 'pred', 'gold', 'normalization', 'token_nll', 'logits', 'targets', 'ignore_index']);

/** Every stored output of the golden file must come back, within the metric's tolerance. */
function assertMatches(expected: unknown, actual: unknown, path: string): number {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: missing`);
    const diff = Math.abs((actual as number) - expected);
    const ok = /bleu|chrf|rouge/i.test(path) ? diff <= 1e-4 : diff <= 1e-6 * Math.abs(expected) || diff <= 1e-12;
    assert.ok(ok, `${path}: expected ${expected}, got ${actual}`);
    return 1;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: expected ${expected.length} values`);
    return expected.reduce((n: number, e, i) => n + assertMatches(e, (actual as unknown[])[i], `${path}[${i}]`), 0);
  }
  if (typeof expected === 'object' && expected !== null) {
    assert.ok(typeof actual === 'object' && actual !== null, `${path}: missing section`);
    let n = 0;
    for (const [k, v] of Object.entries(expected)) {
      if (INPUTS.has(k) || (path === '' && k === 'sources')) continue;
      n += assertMatches(v, (actual as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    }
    return n;
  }
  assert.equal(actual, expected, path);
  return 1;
}

test('edgetune metrics check golden.json: every stored value recomputed within tolerance, same layout', async () => {
  const r = await cli(['metrics', 'check', GOLDEN]);
  assert.equal(r.code, 0, r.err);
  const computed = JSON.parse(r.out);
  const golden = JSON.parse((await import('node:fs')).readFileSync(GOLDEN, 'utf8'));
  assert.deepEqual(Object.keys(computed).sort(), Object.keys(golden).filter((k) => k !== 'sources').sort());
  const checked = assertMatches(golden, computed, '');
  assert.ok(checked >= 60, `only ${checked} values checked`);
  assert.match(r.err, new RegExp(`${checked} of ${checked} stored values match`));
  assert.doesNotMatch(r.err, /not checked/);
});

test('a wrong stored value exits 1 and names the path; bad files and usage are reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgetune-metrics-'));
  try {
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ regression: { y_true: [1, 2, 3], y_pred: [1, 2, 4], mae: 0.3334, r2: 0.5 }, extra: {} }));
    const r = await cli(['metrics', 'check', wrong]);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out), { regression: { mae: 1 / 3, r2: 0.5 } });
    assert.match(r.err, /mismatch: regression\.mae: expected 0\.3334/);
    assert.match(r.err, /not checked: extra \(unknown section; not checked\)/);
    assert.match(r.err, /1 of 2 stored values match/);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ regression: { y_true: [1, 2], y_pred: [1] } }));
    const b = await cli(['metrics', 'check', bad]);
    assert.equal(b.code, 1);
    assert.match(b.err, /regression/);
    assert.equal((await cli(['metrics', 'check'])).code, 2);
    assert.equal((await cli(['metrics', 'frobnicate', bad])).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
