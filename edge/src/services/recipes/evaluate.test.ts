// A recipe's publish step with a fake scorer (chosen NLL per adapter version): the evaluation comes
// before the split moves, both versions' scores reach the readout, require_improvement holds the
// traffic for a worse version, and without a scorer the version is published as before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InferenceEngine, ScoreRequest } from '../../ports/inference.ts';
import type { TrafficRoute } from '../../ports/rows.ts';
import { artifact, createJob, lease, putArtifact, uploadDataset } from '../../test-support/flow.ts';
import { harness, type Harness } from '../../test-support/harness.ts';
import { resolveAdapter } from '../adapters/resolve.ts';
import { fireRecipe } from './fire.ts';

/** Scores by adapter sha256; records each call with the split and the alias as they were then. */
function fakeScorer(h: () => Harness, nll: Map<string, number>) {
  const calls: { sha256: string | null; texts: number; split: TrafficRoute[] | null }[] = [];
  const engine: InferenceEngine = {
    generate: () => Promise.reject(new Error('not in this test')),
    score: async (req: ScoreRequest) => {
      const a = (await h().deps.meta.adapters.getByName(h().rootTenant, 'cats'))!;
      calls.push({ sha256: req.adapter?.sha256 ?? null, texts: req.texts.length, split: (await h().deps.meta.adapters.getSplit(h().rootTenant, a.id))?.routes ?? null });
      return { meanNll: nll.get(req.adapter!.sha256)!, tokens: req.texts.map(() => [1]) };
    },
  };
  return { engine, calls };
}

const V1 = artifact({ seed: 1 });
const V2 = artifact({ seed: 2 });

/** cats@1 on alias prod with a monitor (eval dataset), a '*' webhook, a recipe publishing to prod; then the recipe's job succeeds with V2. */
async function scenario(h: Harness, publish: Record<string, unknown>) {
  const runner = await h.key(h.adminKey, ['runner']);
  const ds = await uploadDataset(h);
  const finish = async (jobId: string, a: typeof V1) => {
    const l = (await lease(h, runner))!;
    assert.equal(l.job.id, jobId);
    assert.equal((await putArtifact(h, runner, l.lease_id, a)).status, 201);
    const done = await h.req('/v1/runner/complete', { key: runner, json: { lease_id: l.lease_id, sha256: a.sha256 } });
    assert.equal(done.status, 200, await done.clone().text());
  };
  await finish((await createJob(h, { training_file: ds, suffix: 'cats' })).id, V1);
  assert.equal((await h.req('/v1/adapters/cats/aliases/prod', { method: 'PUT', json: { version: 1 } })).status, 200);
  assert.equal((await h.req('/v1/adapters/cats/aliases/prod/monitor', { method: 'PUT', json: { eval_dataset: ds, sample_rate: 0 } })).status, 200);
  assert.equal((await h.req('/v1/webhooks', { json: { url: 'https://example.test/events', events: ['*'] } })).status, 201);
  const created = await h.req('/v1/hooks', { json: { name: 'retrain', publish, recipe: { model: 'tiny-gpt2', training_file: ds, suffix: 'cats', method: { type: 'lora', config: { r: 4, target_modules: ['c_attn'] } } } } });
  assert.equal(created.status, 201, await created.clone().text());
  const hook = (await h.deps.meta.hooks.get(h.rootTenant, ((await created.json()) as { id: string }).id))!;
  await finish((await fireRecipe(h.deps, hook, { kind: 'schedule', slot: 0 })).id, V2);
  const { results } = await h.deps.meta.db.prepare("SELECT event, payload FROM webhook_deliveries WHERE event LIKE 'recipe.%' ORDER BY rowid").all<{ event: string; payload: string }>();
  const events = results.map((r) => ({ event: r.event, data: (JSON.parse(r.payload) as { data: Record<string, any> }).data }));
  const adapter = (await (await h.req('/v1/adapters/cats')).json()) as Record<string, any>;
  const readout = (await (await h.req('/v1/adapters/cats/readout')).json()) as { versions: Record<string, any>[] };
  return { ds, events, adapter, readout };
}

test('the new and the current version are scored before the split moves; both scores are in the readout', async () => {
  let h!: Harness;
  const { engine, calls } = fakeScorer(() => h, new Map([[V1.sha256, 2], [V2.sha256, 1.25]]));
  h = await harness({}, undefined, { inference: engine });
  const { ds, events, adapter, readout } = await scenario(h, { alias: 'prod', traffic_share: 0.25 });
  assert.deepEqual(calls.map((c) => [c.sha256, c.texts, c.split]), [[V2.sha256, 12, null], [V1.sha256, 12, null]], 'scored on the eval set while the split was untouched');
  assert.deepEqual(events.map((e) => e.event), ['recipe.fired', 'recipe.evaluated', 'recipe.published']);
  const evaluated = events[1]!.data;
  assert.equal(evaluated.status, 'evaluated');
  assert.equal(evaluated.eval_dataset, ds);
  assert.deepEqual(evaluated.a, { version: 1, mean_nll: 2, perplexity: Math.exp(2), examples: 12 });
  assert.deepEqual(evaluated.b, { version: 2, mean_nll: 1.25, perplexity: Math.exp(1.25), examples: 12 });
  assert.equal(evaluated.improved, true);
  assert.equal(events[2]!.data.traffic_moved, true);
  assert.deepEqual(adapter.traffic, [{ target: '1', weight: 0.75 }, { target: '2', weight: 0.25 }]);
  assert.equal(adapter.aliases.prod, 1);
  assert.deepEqual(readout.versions.map((v) => [v.version, v.evaluations.map((e: Record<string, unknown>) => [e.dataset_id, e.mean_nll, e.perplexity, e.examples, typeof e.evaluated_at])]), [
    [1, [[ds, 2, Math.exp(2), 12, 'number']]],
    [2, [[ds, 1.25, Math.exp(1.25), 12, 'number']]],
  ]);
});

test('require_improvement: a version that scores worse is published but gets no traffic', async () => {
  let h!: Harness;
  const { engine } = fakeScorer(() => h, new Map([[V1.sha256, 2], [V2.sha256, 2.5]]));
  h = await harness({}, undefined, { inference: engine });
  const { events, adapter, readout } = await scenario(h, { alias: 'prod', traffic_share: 0.5, require_improvement: true });
  assert.deepEqual(events.map((e) => e.event), ['recipe.fired', 'recipe.evaluated', 'recipe.published']);
  assert.equal(events[1]!.data.improved, false);
  assert.deepEqual([events[2]!.data.traffic_moved, events[2]!.data.held_reason, events[2]!.data.a, events[2]!.data.b], [false, 'not_improved', 1, 2]);
  assert.deepEqual(adapter.versions.map((v: { version: number }) => v.version), [1, 2], 'the version is published');
  assert.equal(adapter.aliases.prod, 1);
  assert.deepEqual(adapter.traffic, [{ target: '1', weight: 1 }], 'bare-name traffic stays on the current version');
  for (let u = 0; u < 8; u++) assert.equal((await resolveAdapter(h.deps.meta, h.rootTenant, 'cats', `user-${u}`)).version.version, 1);
  assert.deepEqual(readout.versions.map((v) => [v.version, v.evaluations.map((e: { mean_nll: number }) => e.mean_nll)]), [[1, [2]], [2, [2.5]]]);
});

test('require_improvement with a better version moves the split as usual', async () => {
  let h!: Harness;
  const { engine } = fakeScorer(() => h, new Map([[V1.sha256, 2], [V2.sha256, 1.5]]));
  h = await harness({}, undefined, { inference: engine });
  const { events, adapter } = await scenario(h, { alias: 'prod', traffic_share: 0.5, require_improvement: true });
  assert.deepEqual([events[2]!.data.traffic_moved, events[2]!.data.held_reason], [true, null]);
  assert.deepEqual(adapter.traffic, [{ target: '1', weight: 0.5 }, { target: '2', weight: 0.5 }]);
});

test('without a scorer the evaluation is skipped (event) and the version is published as the B side', async () => {
  const h = await harness();
  assert.equal(h.deps.inference, undefined);
  const { ds, events, adapter, readout } = await scenario(h, { alias: 'prod', traffic_share: 0.25, require_improvement: true });
  assert.deepEqual(events.map((e) => e.event), ['recipe.fired', 'recipe.evaluated', 'recipe.published']);
  assert.deepEqual([events[1]!.data.status, events[1]!.data.reason, events[1]!.data.eval_dataset], ['skipped', 'no_scorer', ds]);
  assert.deepEqual([events[2]!.data.evaluation, events[2]!.data.traffic_moved], ['skipped', true]);
  assert.deepEqual(adapter.traffic, [{ target: '1', weight: 0.75 }, { target: '2', weight: 0.25 }]);
  assert.deepEqual(readout.versions.map((v) => [v.version, v.evaluations]), [[1, []], [2, []]]);
});

test('a scorer that fails does not fail the job; with require_improvement the traffic is held', async () => {
  let h!: Harness;
  const { engine } = fakeScorer(() => h, new Map([[V1.sha256, 2], [V2.sha256, Number.NaN]]));
  h = await harness({}, undefined, { inference: engine });
  const { events, adapter } = await scenario(h, { alias: 'prod', traffic_share: 0.5, require_improvement: true });
  assert.equal(events[1]!.data.status, 'failed');
  assert.match(events[1]!.data.error, /non-finite/);
  assert.deepEqual([events[2]!.data.traffic_moved, events[2]!.data.held_reason], [false, 'evaluation_failed']);
  assert.deepEqual(adapter.traffic, [{ target: '1', weight: 1 }]);
  const jobs = (await (await h.req('/v1/fine_tuning/jobs')).json()) as { data: { status: string }[] };
  assert.deepEqual(jobs.data.map((j) => j.status), ['succeeded', 'succeeded']);
});
