import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accumAt, accumulates, stepsFor } from './accum-schedule.ts';
import { earlyStopUpdate, initialEarlyStop } from './early-stopping.ts';
import { initialScaler, scalerUpdate } from './loss-scaler.ts';
import { initialPlateau, plateauUpdate, type PlateauConfig } from './plateau.ts';

/** Feeds `values` (one per check) and returns the 1-based check at which early stopping fires, or null. */
function stopsAt(values: number[], cfg: { mode: 'min' | 'max'; patience: number; minDelta: number }): number | null {
  let s = initialEarlyStop();
  for (let i = 0; i < values.length; i++) {
    const r = earlyStopUpdate(s, values[i]!, i + 1, cfg);
    s = r.state;
    if (r.stop) return i + 1;
  }
  return null;
}

test('early stopping fires after `patience` checks without an improvement larger than minDelta', () => {
  const min = { mode: 'min' as const, patience: 2, minDelta: 0 };
  assert.equal(stopsAt([3, 2, 2.5, 2.4, 1], min), 4);
  assert.equal(stopsAt([3, 2, 2.5, 1.9, 2, 1.8, 1.7], min), null, 'each improvement resets the count');
  // 1.95 beats 2 by 0.05 only: with minDelta 0.1 it does not count, so the run stops at the 4th check.
  assert.equal(stopsAt([3, 2, 1.95, 1.92], { ...min, minDelta: 0.1 }), 4);
  assert.equal(stopsAt([3, 2, 1.95, 1.92], { ...min, minDelta: 0.01 }), null);
  assert.equal(stopsAt([0.5, 0.6, 0.55, 0.7], { mode: 'max', patience: 1, minDelta: 0 }), 3);
  assert.equal(stopsAt([1, NaN, NaN], { ...min, patience: 2 }), 3, 'NaN never improves');
  const r = earlyStopUpdate(initialEarlyStop(), 4, 7, min);
  assert.deepEqual(r.state, { best: 4, bestStep: 7, bad: 0 });
  assert.equal(r.improved, true);
});

const torchDefaults: PlateauConfig = { mode: 'min', factor: 0.5, patience: 1, threshold: 1e-4, thresholdMode: 'rel', cooldown: 0, minLr: 0, eps: 1e-8 };

function factors(values: number[], c: PlateauConfig, peak = 1): number[] {
  let s = initialPlateau();
  return values.map((v) => (s = plateauUpdate(s, v, c, peak)).factor);
}

test('ReduceLROnPlateau follows torch: patience, cooldown, relative threshold and min_lr', () => {
  // torch: the LR drops when bad epochs exceed patience; cooldown then ignores bad epochs.
  assert.deepEqual(factors([1, 1, 1, 1, 1, 1], { ...torchDefaults, cooldown: 1 }), [1, 1, 0.5, 0.5, 0.5, 0.25]);
  assert.deepEqual(factors([1, 1, 1, 1, 1], torchDefaults), [1, 1, 0.5, 0.5, 0.25]);
  // 0.99995 is within the relative threshold of 1 (needs < 0.9999): not an improvement.
  assert.deepEqual(factors([1, 0.99995, 0.99995], torchDefaults), [1, 1, 0.5]);
  assert.deepEqual(factors([1, 0.99995, 0.99995], { ...torchDefaults, thresholdMode: 'abs', threshold: 0 }), [1, 1, 1]);
  // min_lr 0.3 with peak 1: 0.5 then max(0.25, 0.3) = 0.3, then no change below eps.
  assert.deepEqual(factors([1, 2, 2, 2, 2, 2, 2], { ...torchDefaults, minLr: 0.3 }), [1, 1, 0.5, 0.5, 0.3, 0.3, 0.3]);
  assert.deepEqual(factors([1, 2, 3, 4], { ...torchDefaults, mode: 'max' }), [1, 1, 1, 1]);
});

test('the loss scaler backs off on inf/NaN and grows after growthInterval finite steps', () => {
  const c = { init: 1024, growthFactor: 2, backoffFactor: 0.5, growthInterval: 3, dynamic: true };
  let s = initialScaler(c);
  const seen = [true, true, false, true, true, true, true].map((finite) => (s = scalerUpdate(s, finite, c)).scale);
  assert.deepEqual(seen, [1024, 1024, 512, 512, 512, 1024, 1024]);
  assert.deepEqual(scalerUpdate({ scale: 8, good: 0 }, false, { ...c, dynamic: false }), { scale: 8, good: 0 });
});

test('the batch-size schedule: accumulation steps per optimizer step, and steps for a number of micro-batches', () => {
  const stages = [{ step: 4, accum: 4 }, { step: 2, accum: 2 }];
  assert.deepEqual([0, 1, 2, 3, 4, 9].map((s) => accumAt(s, 1, stages)), [1, 1, 2, 2, 4, 4]);
  // 1 + 1 + 2 + 2 = 6 micro-batches in 4 steps; the 7th needs a 5th step.
  assert.equal(stepsFor(6, 1, stages), 4);
  assert.equal(stepsFor(7, 1, stages), 5);
  assert.equal(stepsFor(10, 3, []), 4);
  assert.equal(accumulates(1, []), false);
  assert.equal(accumulates(1, stages), true);
});
