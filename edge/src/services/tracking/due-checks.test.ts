// Background drift checks on the scheduler's tick, with a fake scorer (sampled prompts marked
// "shifted" score a higher NLL): due by interval, only with new traffic, claimed once by concurrent
// ticks, flag and on_drift recipe as with a requested report, monitors without an interval left alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManualClock } from '../../ports/clock.ts';
import type { InferenceEngine, ScoreRequest } from '../../ports/inference.ts';
import { adapterForm } from '../../test-support/adapters.ts';
import { uploadDataset } from '../../test-support/flow.ts';
import { harness, type Harness } from '../../test-support/harness.ts';
import { runDueDriftChecks } from './due-checks.ts';

function fakeScorer() {
  const calls: string[][] = [];
  const engine: InferenceEngine = {
    generate: () => Promise.reject(new Error('not in this test')),
    score: async (req: ScoreRequest) => {
      calls.push([...req.texts]);
      const shifted = req.texts.some((t) => t.startsWith('shifted'));
      return { meanNll: shifted ? 3 : 1, tokens: req.texts.map((t) => [...t].map((c) => c.charCodeAt(0) % 50)) };
    },
  };
  return { engine, calls };
}

async function setup(checkEverySeconds: number | null) {
  const { engine, calls } = fakeScorer();
  const h: Harness = await harness({}, undefined, { inference: engine });
  const clock = h.deps.clock as ManualClock;
  assert.equal((await h.req('/v1/adapters', { body: adapterForm({ name: 'cats', base_model: 'tiny-gpt2', aliases: 'prod' }) })).status, 201);
  const ds = await uploadDataset(h);
  // perplexity alone decides here: the length and vocabulary thresholds are out of reach
  const monitor = await h.req('/v1/adapters/cats/aliases/prod/monitor', {
    method: 'PUT', json: { eval_dataset: ds, sample_rate: 1, thresholds: { perplexityRatio: 1.5, lengthPsi: 1e6, vocabularyJsd: 1 }, check_every_s: checkEverySeconds, check_window: 5 },
  });
  assert.equal(monitor.status, 200, await monitor.clone().text());
  const listed = (await (await h.req('/v1/adapters/cats/monitors')).json()) as { data: Record<string, any>[] };
  assert.deepEqual(listed.data, [await monitor.json()], 'the list has the monitor as PUT answered it');
  const hook = await h.req('/v1/hooks', { json: { name: 'retrain', on_drift: true, publish: { alias: 'prod', traffic_share: 0.5 }, recipe: { model: 'tiny-gpt2', training_file: ds, suffix: 'cats', method: { type: 'lora', config: { r: 4, target_modules: ['c_attn'] } } } } });
  assert.equal(hook.status, 201, await hook.clone().text());
  const adapter = (await h.deps.meta.adapters.getByName(h.rootTenant, 'cats'))!;
  let n = 0;
  const sample = (prompt: string) => h.deps.meta.tracking.addSample({ id: `smp_${n++}`, tenant_id: h.rootTenant, adapter_id: adapter.id, alias: 'prod', version: 1, prompt, created_at: clock.now() }, 1000);
  const monitorNow = async () => (await (await h.req('/v1/adapters/cats/aliases/prod/monitor')).json()) as Record<string, any>;
  return { h, clock, calls, sample, monitorNow };
}

test('a monitor with check_every_s is checked on the tick once due and only with new traffic; drift fires the on_drift recipe', async () => {
  const { h, clock, calls, sample, monitorNow } = await setup(60);
  const set = clock.now();
  assert.deepEqual(await monitorNow().then((m) => [m.check_every_s, m.check_window, m.last_checked_at]), [60, 5, null]);
  clock.advance(61_000);
  assert.deepEqual(await runDueDriftChecks(h.deps), [], 'due, but no traffic was sampled');
  assert.equal(calls.length, 0);

  for (let i = 0; i < 3; i++) await sample(`q${i}:`); // like the evaluation set
  assert.deepEqual(await runDueDriftChecks(h.deps), [{ tenantId: h.rootTenant, adapter: 'cats', alias: 'prod', drifting: false, fired: [] }]);
  assert.equal(calls.length, 2, 'the evaluation set and the samples were scored');
  assert.equal((await monitorNow()).last_checked_at, Math.floor((set + 61_000) / 1000));
  clock.advance(30_000);
  await sample('shifted 1');
  assert.deepEqual(await runDueDriftChecks(h.deps), [], 'not due again for a minute');

  clock.advance(31_000);
  for (let i = 2; i <= 6; i++) await sample(`shifted ${i}`);
  const [check, ...more] = await runDueDriftChecks(h.deps);
  assert.equal(more.length, 0);
  assert.equal(check!.drifting, true);
  assert.equal(check!.fired.length, 1, 'the on_drift recipe fired');
  assert.deepEqual(calls.at(-1), ['shifted 6', 'shifted 5', 'shifted 4', 'shifted 3', 'shifted 2'], 'the newest check_window samples');
  assert.equal((await monitorNow()).drifting, true);
  const job = (await (await h.req(`/v1/fine_tuning/jobs/${check!.fired[0]}`)).json()) as Record<string, any>;
  assert.equal(job.status, 'queued');

  clock.advance(61_000);
  const scored = calls.length;
  assert.deepEqual(await runDueDriftChecks(h.deps), [], 'due, but nothing was sampled since the last check');
  assert.equal(calls.length, scored);
});

test('concurrent ticks check a due monitor once; a monitor without check_every_s is never checked in the background', async () => {
  const { h, clock, calls, sample } = await setup(60);
  await sample('q1:');
  clock.advance(61_000);
  const [a, b] = await Promise.all([runDueDriftChecks(h.deps), runDueDriftChecks(h.deps)]);
  assert.equal(a.length + b.length, 1);
  assert.equal(calls.length, 2);

  const manual = await setup(null);
  await manual.sample('q1:');
  manual.clock.advance(30 * 86_400_000);
  assert.deepEqual(await runDueDriftChecks(manual.h.deps), []);
  assert.equal(manual.calls.length, 0);
  assert.equal((await manual.monitorNow()).last_checked_at, null);
});
