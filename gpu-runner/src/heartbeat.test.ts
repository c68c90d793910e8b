import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunnerClient } from './client.ts';
import { Heartbeat } from './heartbeat.ts';

type Report = Parameters<RunnerClient['heartbeat']>[1];

/** A client whose heartbeats resolve when the test says so. */
function fakeClient() {
  const sent: Report[] = [];
  const pending: (() => void)[] = [];
  const client = {
    heartbeat: (_lease: string, report: Report) => {
      sent.push(report);
      return new Promise<{ cancel: boolean }>((resolve) => pending.push(() => resolve({ cancel: false })));
    },
  } as unknown as RunnerClient;
  const answer = async () => {
    pending.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { client, sent, answer };
}

test('the first metrics go out at once, even when a beat is in flight; later ones wait for the timer', async () => {
  const { client, sent, answer } = fakeClient();
  const hb = new Heartbeat(client, 'lease_1', 3_600_000);
  hb.start(); // beat 1: no progress yet, still in flight
  hb.report({ step: 1, total_steps: 10 }, { train_loss: 5 });
  assert.equal(sent.length, 1, 'one beat at a time');
  await answer();
  assert.equal(sent.length, 2, 'the first metrics follow the in-flight beat');
  assert.deepEqual(sent[1]!.metrics, { train_loss: 5 });
  await answer();
  hb.report({ step: 2, total_steps: 10 }, { train_loss: 4 });
  hb.report({ step: 2, total_steps: 10 }, { valid_loss: 4.5 });
  assert.equal(sent.length, 2, 'later metrics wait for the next beat');
  const flushed = hb.flush();
  await new Promise((r) => setImmediate(r));
  assert.equal(sent.length, 3);
  await answer();
  await flushed;
  assert.deepEqual(sent[2]!.metrics, { train_loss: 4, valid_loss: 4.5 }, 'metrics since the last beat are merged');
  await hb.stop();
});
