import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashSeed, mulberry32, Rng } from './random.ts';

test('mulberry32 is deterministic per seed and uniform in [0, 1)', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const xs = Array.from({ length: 10_000 }, () => a());
  assert.deepEqual(xs.slice(0, 5), Array.from({ length: 5 }, () => b()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.notEqual(mulberry32(43)(), xs[0]);
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
});

test('fillNormal gives the same values as repeated normal(), for odd lengths and a pending spare', () => {
  const r1 = new Rng(7);
  const r2 = new Rng(7);
  const filled = [...r1.fillNormal(new Float64Array(5)), ...r1.fillNormal(new Float64Array(6))];
  const called = Array.from({ length: 11 }, () => r2.normal());
  assert.deepEqual(filled, called);
});

test('normal samples have the requested mean and std', () => {
  const x = new Rng(1).fillNormal(new Float32Array(200_000), 0.02, 1);
  let m = 0;
  let v = 0;
  for (const a of x) m += a;
  m /= x.length;
  for (const a of x) v += (a - m) ** 2;
  const std = Math.sqrt(v / x.length);
  assert.ok(Math.abs(m - 1) < 0.001, `mean ${m}`);
  assert.ok(Math.abs(std - 0.02) < 0.0005, `std ${std}`);
});

test('hashSeed separates names and seeds', () => {
  assert.equal(hashSeed(1, 'a'), hashSeed(1, 'a'));
  assert.notEqual(hashSeed(1, 'a'), hashSeed(2, 'a'));
  assert.notEqual(hashSeed(1, 'a.weight'), hashSeed(1, 'b.weight'));
});
