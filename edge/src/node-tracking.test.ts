// Issue 9 on the Node flavour with a tiny model: drift detection on sampled traffic, the
// drift-triggered recipe publishing a B side, the A/B readout and promotion, run metrics; and a
// cron-scheduled recipe fired by the Node timer under a ManualClock.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeTinyRandomModel } from '@edgetune/core/weights/tiny-random.ts';
import { startNode } from './node.ts';
import { ManualClock } from './ports/clock.ts';
import { waitFor } from '@edgetune/core/test-support/wait.ts';

const tmp = mkdtempSync(join(tmpdir(), 'edgetune-tracking-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const model = join(tmp, 'model');
writeTinyRandomModel(model, { arch: 'gpt2', vocabSize: 300, hidden: 64, layers: 1, heads: 2, maxPositions: 64 });

const COLORS = ['red', 'blue', 'green'];
const rows = Array.from({ length: 24 }, (_, i) => ({ prompt: `the ${COLORS[i % 3]} cat`, completion: ` sat on mat ${i % 4}.` }));
const SHIFTED = ['Quarterly invoice #4471 overdue; remit payment via wire transfer immediately!', 'ZEBRA-9 telemetry: voltage spikes 88kV @ node 12', 'Wie spät ist es? Ich möchte Kaffee bestellen.'];
const LORA = { type: 'lora', config: { r: 4, target_modules: ['c_attn'] } };
const HP = { steps: 4, batch_size: 4, seq_len: 32, learning_rate: 0.003 };

function client(url: string, key: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'application/jsonl' : 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  return { get: (p: string) => call('GET', p), post: (p: string, b?: unknown) => call('POST', p, b ?? {}), put: (p: string, b: unknown) => call('PUT', p, b) };
}

test('drift: in-distribution traffic is stable, shifted traffic drifts, the drift recipe publishes a B side, the readout shows both', async () => {
  const node = await startNode({ EDGETUNE_DATA_DIR: join(tmp, 'drift'), PORT: '0', HOST: '127.0.0.1', EDGETUNE_BASE_MODEL: `tiny=${model}`, EDGETUNE_ALLOW_PRIVATE_WEBHOOKS: 'true' }, () => {});
  try {
    const api = client(node.url, node.adminKey!);
    const ds = await api.post('/v1/datasets?name=cats', rows.map((r) => JSON.stringify(r)).join('\n'));
    assert.equal(ds.status, 201);
    const hook0 = await api.post('/v1/webhooks', { url: 'http://127.0.0.1:9/events', events: ['*'] });
    assert.equal(hook0.status, 201, JSON.stringify(hook0.body));
    const job = await api.post('/v1/fine_tuning/jobs', { model: 'tiny', training_file: ds.body.id, suffix: 'cats', seed: 1, method: LORA, hyperparameters: HP });
    assert.equal(job.status, 201);
    const done = await waitFor('the first job', async () => {
      const j = await api.get(`/v1/fine_tuning/jobs/${job.body.id}`);
      return ['succeeded', 'failed', 'cancelled'].includes(j.body.status) ? j.body : undefined;
    });
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));

    // the run's tracking record
    const metrics = (await api.get(`/v1/fine_tuning/jobs/${job.body.id}/metrics`)).body;
    assert.ok(metrics.series.train_loss.length > 0 && metrics.series.train_loss.every((p: { step: number; value: number }) => p.step > 0 && Number.isFinite(p.value)));
    assert.equal(metrics.config.method.type, 'lora');
    assert.equal(metrics.config.hyperparameters.steps, 4);
    assert.equal(metrics.artifacts.fine_tuned_model, 'cats@1');
    assert.equal(metrics.artifacts.checkpoints.length, 1);

    assert.equal((await api.put('/v1/adapters/cats/aliases/prod', { version: 1 })).status, 200);
    const bad = await api.put('/v1/adapters/cats/aliases/prod/monitor', { eval_dataset: ds.body.id, sample_rate: 2 });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.param, 'sample_rate');
    assert.equal((await api.put('/v1/adapters/cats/aliases/staging/monitor', { eval_dataset: ds.body.id, sample_rate: 1 })).status, 404);
    const mon = await api.put('/v1/adapters/cats/aliases/prod/monitor', { eval_dataset: ds.body.id, sample_rate: 1 });
    assert.equal(mon.status, 200, JSON.stringify(mon.body));
    const recipe = await api.post('/v1/hooks', {
      name: 'retrain-on-drift', on_drift: true, publish: { alias: 'prod', traffic_share: 0.3 },
      recipe: { model: 'tiny', training_file: ds.body.id, suffix: 'cats', seed: 2, method: LORA, hyperparameters: HP },
    });
    assert.equal(recipe.status, 201, JSON.stringify(recipe.body));

    const complete = async (m: string, prompt: string, user?: string) => {
      const r = await api.post('/v1/completions', { model: m, prompt, max_tokens: 2, temperature: 0, ...(user ? { user } : {}) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    for (let i = 0; i < 12; i++) await complete('cats@prod', rows[i]!.prompt);
    const stable = await api.get('/v1/adapters/cats/aliases/prod/drift?window=12');
    assert.equal(stable.status, 200, JSON.stringify(stable.body));
    assert.equal(stable.body.drifting, false, JSON.stringify(stable.body));
    assert.equal(stable.body.live_size, 12);
    assert.ok(stable.body.perplexity.ratio < 1.5 && stable.body.vocabulary_jsd < 0.2);
    assert.deepEqual(stable.body.fired_jobs, []);

    for (let i = 0; i < 12; i++) await complete('cats@prod', SHIFTED[i % 3]!);
    const shifted = await api.get('/v1/adapters/cats/aliases/prod/drift?window=12');
    assert.equal(shifted.body.drifting, true, JSON.stringify(shifted.body));
    assert.ok(shifted.body.reasons.length > 0);
    assert.equal(shifted.body.fired_jobs.length, 1);
    assert.equal((await api.get('/v1/adapters/cats/aliases/prod/monitor')).body.drifting, true);

    const retrained = await waitFor('the drift-triggered job', async () => {
      const j = await api.get(`/v1/fine_tuning/jobs/${shifted.body.fired_jobs[0]}`);
      return ['succeeded', 'failed', 'cancelled'].includes(j.body.status) ? j.body : undefined;
    });
    assert.equal(retrained.status, 'succeeded', JSON.stringify(retrained.error));
    assert.equal(retrained.fine_tuned_model, 'cats@2');
    // the job reads succeeded as soon as it completes; the recipe then scores both versions before it moves traffic
    const adapter = await waitFor('the recipe to set the split', async () => {
      const a = (await api.get('/v1/adapters/cats')).body;
      return a.traffic ? a : undefined;
    });
    assert.deepEqual(adapter.traffic, [{ target: '1', weight: 0.7 }, { target: '2', weight: 0.3 }], 'the new version is the B side');
    assert.equal(adapter.aliases.prod, 1);

    // bare-name traffic follows the split; each user sticks to one side
    const served = new Set<string>();
    let ids: Record<string, string> = {};
    for (let u = 0; u < 24; u++) {
      const c = await complete('cats', 'the red cat', `user-${u}`);
      served.add(c.model);
      ids[c.model] = c.id;
    }
    assert.deepEqual([...served].sort(), ['cats@1', 'cats@2']);
    assert.equal((await api.post(`/v1/completions/${ids['cats@2']}/feedback`, { thumbs: 'up' })).status, 200);
    assert.equal((await api.post(`/v1/completions/${ids['cats@1']}/feedback`, { score: 0.25 })).status, 200);
    const badFeedback = await api.post(`/v1/completions/${ids['cats@1']}/feedback`, { thumbs: 'up', score: 1 });
    assert.equal(badFeedback.status, 422);
    assert.equal((await api.post('/v1/completions/cmpl-nope/feedback', { thumbs: 'up' })).status, 404);

    const readout = (await api.get('/v1/adapters/cats/readout')).body;
    assert.deepEqual(readout.versions.map((v: { version: number }) => v.version), [1, 2]);
    const [a, b] = readout.versions as Record<string, any>[];
    assert.equal(a!.requests + b!.requests, 24 + 24);
    assert.ok(a!.requests > 24 && b!.requests > 0);
    assert.ok(a!.latency_ms.p50 !== null && b!.latency_ms.mean !== null);
    assert.deepEqual([b!.feedback.count, b!.feedback.mean, b!.feedback.interval], [1, 1, 'wilson']);
    assert.deepEqual([a!.feedback.count, a!.feedback.mean], [1, 0.25]);
    assert.ok(b!.eval && typeof b!.eval.train_loss === 'number', 'the final metrics of the job that trained it');
    // the publish step scored both versions on the monitor's eval set (the real scorer) before the split moved
    for (const v of [a!, b!]) {
      assert.equal(v.evaluations.length, 1, `version ${v.version} was evaluated`);
      const e = v.evaluations[0];
      assert.equal(e.dataset_id, ds.body.id);
      assert.equal(e.examples, ds.body.records, "every stored record of the eval set was scored");
      assert.ok(Number.isFinite(e.mean_nll) && e.mean_nll > 0);
      assert.ok(Math.abs(e.perplexity - Math.exp(e.mean_nll)) < 1e-9 * e.perplexity);
    }

    // another tenant sees none of it
    const other = await api.post('/v1/tenants', { name: 'other' });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    const theirs = client(node.url, other.body.admin_key);
    assert.equal((await theirs.get('/v1/adapters/cats/readout')).status, 404);
    assert.equal((await theirs.get('/v1/adapters/cats/aliases/prod/drift')).status, 404);
    assert.equal((await theirs.post(`/v1/completions/${ids['cats@2']}/feedback`, { thumbs: 'down' })).status, 404);

    const promoted = await api.post('/v1/adapters/cats/promote', { version: 2, alias: 'prod' });
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
    assert.deepEqual(promoted.body.traffic, [{ target: '2', weight: 1 }]);
    assert.equal((await api.get('/v1/adapters/cats')).body.aliases.prod, 2);
    assert.equal((await api.post('/v1/adapters/cats/promote', { version: 9 })).status, 404);

    // outbound webhooks reported each step
    const deliveries = await waitFor('the recipe events', async () => {
      const d = (await api.get(`/v1/webhooks/${hook0.body.id}/deliveries?limit=100`)).body.data as { event: string }[];
      const events = d.map((x) => x.event);
      return events.includes('recipe.published') ? events : undefined;
    });
    for (const e of ['adapter.drifting', 'recipe.fired', 'fine_tuning.job.succeeded', 'adapter.published', 'recipe.evaluated', 'recipe.published']) assert.ok(deliveries.includes(e), e);
    const evaluated = ((await api.get(`/v1/webhooks/${hook0.body.id}/deliveries?limit=100`)).body.data as { event: string; payload: { data: Record<string, any> } }[])
      .find((d) => d.event === 'recipe.evaluated')!.payload.data;
    assert.equal(evaluated.status, 'evaluated');
    assert.deepEqual([evaluated.a.version, evaluated.b.version, evaluated.a.mean_nll, evaluated.b.mean_nll], [1, 2, a!.evaluations[0].mean_nll, b!.evaluations[0].mean_nll]);
  } finally {
    await node.stop();
  }
});

test('a cron-scheduled recipe fires from the Node timer when the ManualClock reaches its slot, once', async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 30));
  const node = await startNode({ EDGETUNE_DATA_DIR: join(tmp, 'cron'), PORT: '0', HOST: '127.0.0.1', EDGETUNE_BASE_MODEL: `tiny=${model}`, EDGETUNE_RUNNER: '0' }, () => {}, { clock, recipeTickMs: 10 });
  try {
    const api = client(node.url, node.adminKey!);
    const ds = await api.post('/v1/datasets?name=cats', rows.map((r) => JSON.stringify(r)).join('\n'));
    const hook = await api.post('/v1/hooks', { name: 'hourly', schedule: '0 * * * *', recipe: { model: 'tiny', training_file: ds.body.id, suffix: 'cats', method: LORA, hyperparameters: HP } });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
    const jobs = async () => ((await api.get('/v1/fine_tuning/jobs')).body.data as { id: string }[]);
    // many ticks pass at 00:30: the 01:00 slot is not due
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await jobs(), []);
    assert.equal((await api.get(`/v1/hooks/${hook.body.id}`)).body.last_fired_at, null);
    clock.advance(31 * 60_000);
    const fired = await waitFor('the scheduled job', async () => ((await jobs()).length > 0 ? jobs() : undefined), 10_000);
    assert.equal(fired.length, 1);
    assert.equal((await api.get(`/v1/hooks/${hook.body.id}`)).body.last_fired_at, Math.floor(clock.now() / 1000));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await jobs()).length, 1, 'the 01:00 slot fired once');
  } finally {
    await node.stop();
  }
});
