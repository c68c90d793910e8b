import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { defineMethod } from '../plugin/index.ts';
import type { ModelConfig } from '../weights/index.ts';
import { paramScale } from './layer-decay.ts';
import { ParamSchedule } from './param-schedule.ts';

// 'a' trains from step 0 at half rate; 'b' joins at step 3; 'c' gives whatever `bad` says.
let bad = 1;
const plugin = defineMethod({
  name: 'sched', description: '', config: z.object({}), apply() {}, save: () => ({ config: {}, tensors: new Map() }), load: () => undefined,
  lrScale: (param: string, step: number) => (param === 'a' ? 0.5 : param === 'b' ? (step >= 3 ? 1 : 0) : bad),
});
const model = {} as ModelConfig;
const values = (f: Record<string, { data: unknown }>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, [...(v.data as Float32Array)]]));

test('ParamSchedule feeds LR multipliers and per-tensor step counts (t >= 1 while held)', () => {
  const s = new ParamSchedule(['a', 'b'], paramScale(plugin, {}, model)!);
  const seen = [0, 1, 2, 3, 4].map((step) => values(s.feeds(step)));
  assert.deepEqual(seen[0], { lr_scale: [0.5, 0], param_step: [1, 1] });
  assert.deepEqual(seen[2], { lr_scale: [0.5, 0], param_step: [3, 1] });
  assert.deepEqual(seen[3], { lr_scale: [0.5, 1], param_step: [4, 1] });
  assert.deepEqual(seen[4], { lr_scale: [0.5, 1], param_step: [5, 2] });
  // A jump (a resumed run) recounts from step 0 and agrees with the sequential run.
  assert.deepEqual(values(new ParamSchedule(['a', 'b'], paramScale(plugin, {}, model)!).feeds(4)), seen[4]);
});

test('ParamSchedule rejects a negative or non-finite multiplier, naming the method', () => {
  bad = -1;
  assert.throws(() => new ParamSchedule(['c'], paramScale(plugin, {}, model)!).feeds(0), /method 'sched': lrScale\('c', 0\) gave -1/);
  bad = NaN;
  assert.throws(() => new ParamSchedule(['c'], paramScale(plugin, {}, model)!).feeds(0), /gave NaN/);
});
