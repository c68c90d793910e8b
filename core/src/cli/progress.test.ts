import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ema, formatDuration, formatProgress, formatRate, Progress } from './progress.ts';

const state = { step: 15, total: 60, loss: 3.41234, lr: 2e-4, tokensPerSecond: 12345, elapsedSeconds: 10 };

test('formatProgress shows step, bar, loss, lr, rate and ETA within the width', () => {
  const line = formatProgress(state, 100);
  assert.match(line, /^step 15\/60 \[#+-+\] loss +3\.412 lr 2\.00e-4 +12\.3k tok\/s eta 0:30$/);
  assert.ok(line.length <= 100);
  const bar = /\[([#-]+)\]/.exec(line)![1]!;
  assert.equal(bar.split('#').length - 1, Math.round(bar.length / 4));
  // Too narrow for a bar: the numbers stay, cut to the width.
  assert.doesNotMatch(formatProgress(state, 60), /\[/);
  assert.ok(formatProgress(state, 60).length <= 60);
});

test('durations and rates read naturally', () => {
  assert.equal(formatDuration(65), '1:05');
  assert.equal(formatDuration(3725), '1:02:05');
  assert.equal(formatDuration(NaN), '--:--');
  assert.equal(formatRate(950), '950');
  assert.equal(formatRate(2.5e6), '2.5M');
});

test('the EMA is bias-corrected: its first value is the first sample', () => {
  const e = new Ema(0.9);
  assert.equal(e.push(4), 4);
  assert.ok(Math.abs(e.push(2) - (0.9 * 0.1 * 4 + 0.1 * 2) / (1 - 0.81)) < 1e-12);
});

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, out: { isTTY, columns: 80, write: (s: string) => writes.push(s) } };
}

test('non-TTY output: a plain line on the first step, every N steps and the last', () => {
  const { writes, out } = sink(false);
  let t = 0;
  const p = new Progress({ out, everySteps: 10, intervalMs: 1e9, now: () => t });
  for (let step = 1; step <= 25; step++, t += 1) p.update({ ...state, step, total: 25 });
  p.done();
  assert.deepEqual(writes.map((w) => /step +(\d+)/.exec(w)![1]), ['1', '10', '20', '25']);
  assert.ok(writes.every((w) => w.endsWith('\n') && !w.includes('\r')));
});

test('TTY output rewrites one line with \\r, throttled, and ends it on done()', () => {
  const { writes, out } = sink(true);
  let t = 0;
  const p = new Progress({ out, now: () => t });
  for (let step = 1; step <= 20; step++, t += 30) p.update({ ...state, step, total: 20 });
  p.done();
  assert.ok(writes.length < 20, 'throttled');
  assert.ok(writes.slice(0, -1).every((w) => w.startsWith('\r') && w.length === 80));
  assert.match(writes.at(-2)!, /step 20\/20/);
  assert.equal(writes.at(-1), '\n');
});
