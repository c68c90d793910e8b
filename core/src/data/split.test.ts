import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamSplitter, splitRecords } from './split.ts';
import type { SplitName } from './types.ts';

// 3 unbalanced classes
const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, label: i % 10 < 6 ? 'a' : i % 10 < 9 ? 'b' : 'c' }));
const byLabel = (x: { label: string }) => x.label;

test('same seed, same split; another seed, another split', () => {
  const a = splitRecords(items, { seed: 1, stratify: byLabel });
  const b = splitRecords(items, { seed: 1, stratify: byLabel });
  const c = splitRecords(items, { seed: 2, stratify: byLabel });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.validation.map((x) => x.id), c.validation.map((x) => x.id));
  assert.equal(a.validation.length, c.validation.length);
});

test('stratified: per-class proportions exact within one record; default 15% validation, 0% test', () => {
  const s = splitRecords(items, { seed: 3, stratify: byLabel });
  assert.equal(s.test.length, 0);
  for (const label of ['a', 'b', 'c']) {
    const n = items.filter((x) => x.label === label).length;
    const v = s.validation.filter((x) => x.label === label).length;
    assert.ok(Math.abs(v - n * 0.15) <= 1, `${label}: ${v} of ${n}`);
  }
  assert.equal(s.train.length + s.validation.length, items.length);
});

test('test fraction; every record lands in exactly one split', () => {
  const s = splitRecords(items, { seed: 4, validation: 0.1, test: 0.2, stratify: byLabel });
  for (const label of ['a', 'b', 'c']) {
    const n = items.filter((x) => x.label === label).length;
    assert.ok(Math.abs(s.test.filter((x) => x.label === label).length - n * 0.2) <= 1);
    assert.ok(Math.abs(s.validation.filter((x) => x.label === label).length - n * 0.1) <= 1);
  }
  const ids = [...s.train, ...s.validation, ...s.test].map((x) => x.id).sort((x, y) => x - y);
  assert.deepEqual(ids, items.map((x) => x.id));
});

test('streaming splitter with small blocks keeps the per-stratum guarantee and determinism', () => {
  const run = (seed: number) => {
    const sp = new StreamSplitter<number>({ seed, validation: 0.15, test: 0.05, blockSize: 16 });
    const out: [number, SplitName][] = [];
    for (const x of items) out.push(...sp.push(x.id, x.label));
    out.push(...sp.flush());
    return out;
  };
  const out = run(9);
  assert.equal(out.length, items.length);
  assert.deepEqual(out, run(9));
  assert.notDeepEqual(out, run(10));
  for (const label of ['a', 'b', 'c']) {
    const mine = out.filter(([id]) => items[id]!.label === label);
    const v = mine.filter(([, s]) => s === 'validation').length;
    const t = mine.filter(([, s]) => s === 'test').length;
    assert.ok(Math.abs(v - mine.length * 0.15) <= 1, `${label} val ${v}/${mine.length}`);
    assert.ok(Math.abs(t - mine.length * 0.05) <= 1, `${label} test ${t}/${mine.length}`);
  }
});

test('fractions are validated', () => {
  assert.throws(() => new StreamSplitter({ validation: 0.7, test: 0.5 }), /sum to at most 1/);
});
