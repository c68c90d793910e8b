import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CronError, matches, nextAfter, parseCron } from './cron.ts';

const at = (s: string) => Date.parse(`${s}Z`);

test('fields: *, lists, ranges, steps and Sunday as 0 or 7', () => {
  const c = parseCron('*/15 9-17/4 1,15 * 7');
  assert.deepEqual([...c.minute], [0, 15, 30, 45]);
  assert.deepEqual([...c.hour], [9, 13, 17]);
  assert.deepEqual([...c.dom], [1, 15]);
  assert.equal(c.month.size, 12);
  assert.ok(c.dow.has(0) && c.dow.has(7));
  assert.deepEqual([...parseCron('5/20 * * * *').minute], [5, 25, 45]);
});

test('invalid expressions are rejected with the field named', () => {
  assert.throws(() => parseCron('* * * *'), CronError);
  assert.throws(() => parseCron('60 * * * *'), /minute/);
  assert.throws(() => parseCron('* 5-2 * * *'), /hour/);
  assert.throws(() => parseCron('* * 0 * *'), /day of month/);
  assert.throws(() => parseCron('*/0 * * * *'), /step/);
  assert.throws(() => parseCron('a * * * *'), /minute/);
});

test('matching and the next run, including the day-of-month OR day-of-week rule', () => {
  const quarterly = parseCron('0 3 1 1,4,7,10 *');
  assert.equal(nextAfter(quarterly, at('2026-01-01T03:00:00')), at('2026-04-01T03:00:00'));
  assert.equal(nextAfter(parseCron('*/5 * * * *'), at('2026-01-01T00:02:30')), at('2026-01-01T00:05:00'));
  // 2026-01-02 is a Friday: '0 0 13 * 5' fires on the 13th or on any Friday
  const either = parseCron('0 0 13 * 5');
  assert.equal(nextAfter(either, at('2026-01-01T00:00:00')), at('2026-01-02T00:00:00'));
  assert.ok(matches(either, at('2026-01-13T00:00:00')));
  assert.ok(!matches(either, at('2026-01-14T00:00:00')));
  // only a Monday restriction: the day-of-month '*' does not widen it
  assert.equal(nextAfter(parseCron('30 12 * * 1'), at('2026-01-01T00:00:00')), at('2026-01-05T12:30:00'));
  assert.equal(nextAfter(parseCron('0 0 31 2 *'), at('2026-01-01T00:00:00')), null);
});
