// The Worker flavour end to end inside workerd (Miniflare): R2 blobs, D1 metadata and lease state,
// Queues for outbound webhooks, the cron. One Worker for the file; each test makes its own tenant.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { MANIFEST_FILE, MANIFEST_FORMAT } from '@edgetune/core/weights/model-manifest-format.ts';
import { sign } from '../../services/webhooks/signature.ts';
import { adapterForm, loraFiles } from '../../test-support/adapters.ts';
import { artifact, COMPLETIONS } from '../../test-support/flow.ts';
import { bundleWorker, errorOf, eventually, startWorker, type WorkerHarness } from './miniflare-harness.ts';

let h: WorkerHarness;
before(async () => {
  // webhook retries due 1 ms after a failure, so the cron picks them up at once
  h = await startWorker(await bundleWorker(), { bindings: { EDGETUNE_WEBHOOK_RETRY_BASE_MS: '1' } });
});
after(() => h?.close());

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const json = async (res: Response) => (await res.json()) as Record<string, any>;

async function uploadDataset(key: string, rows: unknown[] = COMPLETIONS): Promise<Record<string, any>> {
  const res = await h.req('/v1/datasets', { key, body: jsonl(rows), headers: { 'content-type': 'application/jsonl' } });
  assert.equal(res.status, 201, await res.clone().text());
  return json(res);
}

async function createJob(key: string, training_file: string, suffix: string): Promise<Record<string, any>> {
  const res = await h.req('/v1/fine_tuning/jobs', { key, json: { model: 'tiny-gpt2', training_file, suffix, method: { type: 'lora', config: { r: 4, target_modules: ['c_attn'] } } } });
  assert.equal(res.status, 201, await res.clone().text());
  return json(res);
}

const runner = (key: string, path: string, body: unknown) => h.req(`/v1/runner/${path}`, { key, json: body });

test('bootstrap: BOOTSTRAP_ADMIN_KEY is a root admin key; every migration ran; bad keys are 401', async () => {
  // the first event builds the isolate's runtime: migrations, the bootstrap key, the model catalog
  assert.equal((await h.req('/health', { key: null })).status, 200);
  const folder = readdirSync(fileURLToPath(new URL('../../../migrations/', import.meta.url))).filter((f) => f.endsWith('.sql')).sort();
  const applied = (await h.sql<{ name: string }>('SELECT name FROM d1_migrations ORDER BY id')).map((r) => r.name);
  assert.deepEqual(applied, folder, 'migrations.ts lists every file of edge/migrations');
  const keys = await h.sql<{ name: string; scopes: string; is_root: number }>('SELECT k.name, k.scopes, t.is_root FROM api_keys k JOIN tenants t ON t.id = k.tenant_id');
  assert.deepEqual(keys.map((k) => [k.name, JSON.parse(k.scopes), k.is_root]), [['bootstrap admin (BOOTSTRAP_ADMIN_KEY)', ['admin'], 1]]);
  const t = await h.tenant('boot');
  assert.match(t.adminKey, /^et_/);
  assert.equal((await h.req('/v1/datasets', { key: t.adminKey })).status, 200);
  assert.equal((await h.req('/v1/datasets', { key: null })).status, 401);
  assert.equal((await h.req('/v1/datasets', { key: `${h.adminKey.slice(0, -4)}AAAA` })).status, 401);
  assert.equal((await h.req('/v1/datasets', { key: 'et_nope' })).status, 401);
  const models = await json(await h.req('/v1/models'));
  assert.ok(models.data.some((m: { id: string }) => m.id === 'tiny-gpt2'), 'the base model config came from R2');
  // no INFERENCE binding or URL: completions say so
  assert.equal((await h.req('/v1/completions', { json: { model: 'tiny-gpt2', prompt: 'hi', max_tokens: 1 } })).status, 501);
});

test('datasets: a JSONL upload lands in R2 and D1, reads back, and delete removes both', async () => {
  const t = await h.tenant('ds');
  const ds = await uploadDataset(t.adminKey);
  assert.deepEqual([ds.records, ds.kind], [12, 'completion']);
  const [row] = await h.sql<{ blob_key: string; sha256: string }>('SELECT blob_key, sha256 FROM datasets WHERE id = ?', ds.id);
  assert.equal(row!.blob_key, `t/${t.id}/datasets/${ds.id}.jsonl`);
  assert.deepEqual(await h.r2Keys(`t/${t.id}/`), [row!.blob_key]);
  const content = await h.req(`/v1/datasets/${ds.id}/content`, { key: t.adminKey });
  assert.equal(content.status, 200);
  const lines = (await content.text()).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines, COMPLETIONS);
  assert.equal((await json(await h.req(`/v1/datasets/${ds.id}`, { key: t.adminKey }))).sha256, ds.sha256);
  // another tenant's id is a 404, not a 403
  assert.equal((await h.req(`/v1/datasets/${ds.id}`)).status, 404);
  assert.equal((await h.req(`/v1/datasets/${ds.id}`, { method: 'DELETE', key: t.adminKey })).status, 200);
  assert.deepEqual(await h.r2Keys(`t/${t.id}/`), []);
  assert.deepEqual(await h.sql('SELECT id FROM datasets WHERE id = ?', ds.id), []);
});

test('adapters: a PEFT upload is validated against the base model, stored in R2, versioned and aliased', async () => {
  const t = await h.tenant('ad');
  const up = await h.req('/v1/adapters', { key: t.adminKey, body: adapterForm({ name: 'support', base_model: 'tiny-gpt2', aliases: 'prod' }) });
  assert.equal(up.status, 201, await up.clone().text());
  const v1 = await json(up);
  assert.deepEqual([v1.created_version.version, v1.created_version.method, v1.created_version.rank, v1.aliases], [1, 'lora', 4, { prod: 1 }]);
  assert.deepEqual(await h.r2Keys(`t/${t.id}/`), [`t/${t.id}/adapters/sha256/${v1.created_version.sha256}`]);
  const v2 = await json(await h.req('/v1/adapters', { key: t.adminKey, body: adapterForm({ name: 'support', base_model: 'tiny-gpt2' }, loraFiles({ seed: 7 })) }));
  assert.equal(v2.created_version.version, 2);
  const aliased = await h.req('/v1/adapters/support/aliases/canary', { method: 'PUT', key: t.adminKey, json: { version: 2 } });
  assert.deepEqual((await json(aliased)).aliases, { prod: 1, canary: 2 });
  const resolved = await json(await h.req('/v1/adapters/support@canary/resolve', { key: t.adminKey }));
  assert.equal(resolved.version.version, 2);
  const models = (await json(await h.req('/v1/models', { key: t.adminKey }))).data.map((m: { id: string }) => m.id);
  assert.deepEqual(models, ['tiny-gpt2', 'support']);
  // rank over the model's limit (16): rejected by the method plugin's rules, nothing stored
  const big = await errorOf(await h.req('/v1/adapters', { key: t.adminKey, body: adapterForm({ name: 'big', base_model: 'tiny-gpt2' }, loraFiles({ r: 32 })) }));
  assert.equal(big.status, 422);
  assert.equal((await h.r2Keys(`t/${t.id}/`)).length, 2);
  assert.deepEqual(await h.sql('SELECT id FROM adapters WHERE tenant_id = ? AND name = ?', t.id, 'big'), []);
});

test('jobs: lease over HTTP, heartbeat, checkpoint, complete; the adapter is published and webhooks go out through the queue', async () => {
  const t = await h.tenant('jobs');
  const runnerKey = await h.key(t.adminKey, ['runner']);
  const wh = await json(await h.req('/v1/webhooks', { key: t.adminKey, json: { url: 'https://hooks.example.test/edgetune', events: ['fine_tuning.job.succeeded', 'adapter.published'] } }));
  const ds = await uploadDataset(t.adminKey);
  const job = await createJob(t.adminKey, ds.id, 'bot');
  assert.equal(job.status, 'queued');
  assert.deepEqual((await h.sql<{ job_id: string }>('SELECT job_id FROM job_queue WHERE tenant_id = ?', t.id)).map((r) => r.job_id), [job.id]);

  const leased = await runner(runnerKey, 'lease', { runner_id: 'gpu-1' });
  assert.equal(leased.status, 200);
  const l = await json(leased);
  assert.deepEqual([l.job.id, l.job.status, l.attempt, l.base_model.config.hidden], [job.id, 'running', 1, 32]);
  assert.equal((await runner(runnerKey, 'lease', { runner_id: 'gpu-2' })).status, 204, 'nothing else is queued');
  const file = await h.req(l.files.training_file.url, { key: runnerKey });
  assert.equal((await file.text()).trim().split('\n').length, 12);

  const hb = await runner(runnerKey, 'heartbeat', { lease_id: l.lease_id, progress: { step: 5, total_steps: 10 }, metrics: { train_loss: 1.5 } });
  assert.equal((await json(hb)).cancel, false);
  assert.deepEqual((await json(await h.req(`/v1/fine_tuning/jobs/${job.id}`, { key: t.adminKey }))).progress, { step: 5, total_steps: 10 });

  const put = (a: { bytes: Uint8Array; sha256: string }) =>
    h.req(`/v1/runner/leases/${l.lease_id}/artifacts/${a.sha256}`, { method: 'PUT', key: runnerKey, body: a.bytes, headers: { 'content-type': 'application/octet-stream' } });
  const ckpt = artifact({ seed: 3 });
  assert.equal((await put(ckpt)).status, 201);
  assert.equal((await put(ckpt)).status, 200, 'stored once');
  assert.equal((await runner(runnerKey, 'checkpoint', { lease_id: l.lease_id, step: 5, sha256: ckpt.sha256, metrics: { train_loss: 1.5 } })).status, 201);
  const ckpts = await json(await h.req(`/v1/fine_tuning/jobs/${job.id}/checkpoints`, { key: t.adminKey }));
  assert.deepEqual(ckpts.data.map((c: Record<string, unknown>) => c.step_number), [5]);

  const final = artifact({ seed: 4 });
  assert.equal((await put(final)).status, 201);
  const done = await runner(runnerKey, 'complete', { lease_id: l.lease_id, sha256: final.sha256, trained_tokens: 99 });
  assert.equal(done.status, 200, await done.clone().text());
  assert.deepEqual(((d) => [d.status, d.fine_tuned_model, d.trained_tokens])(await json(done)), ['succeeded', 'bot@1', 99]);
  const again = await runner(runnerKey, 'complete', { lease_id: l.lease_id, sha256: final.sha256 });
  assert.equal((await json(again)).fine_tuned_model, 'bot@1', 'complete is idempotent');
  assert.equal((await runner(runnerKey, 'heartbeat', { lease_id: l.lease_id })).status, 409, 'the lease is over');
  assert.deepEqual(await h.sql('SELECT job_id FROM job_queue WHERE tenant_id = ?', t.id), []);
  const adapter = await json(await h.req('/v1/adapters/bot', { key: t.adminKey }));
  assert.deepEqual([adapter.versions.length, adapter.aliases, adapter.versions[0].source_job_id], [1, { latest: 1 }, job.id]);

  // the queue consumer delivered both events, signed with the subscription's secret
  const sent = await eventually(async () => {
    const mine = h.outbound.filter((o) => o.url === 'https://hooks.example.test/edgetune');
    return mine.length >= 2 && mine;
  }, 'two webhook deliveries');
  assert.deepEqual(sent.map((o) => JSON.parse(o.body).type).sort(), ['adapter.published', 'fine_tuning.job.succeeded']);
  for (const o of sent) assert.equal(o.headers['edgetune-signature'], sign(wh.secret, Number(o.headers['edgetune-timestamp']), o.body));
  const log = await json(await h.req(`/v1/webhooks/${wh.id}/deliveries`, { key: t.adminKey }));
  assert.deepEqual(log.data.map((d: Record<string, unknown>) => [d.status, d.attempts]), [['delivered', 1], ['delivered', 1]]);
});

test('runners without the base model download its files from R2, listed by the uploaded manifest', async () => {
  const t = await h.tenant('weights');
  const runnerKey = await h.key(t.adminKey, ['runner']);
  const job = await createJob(t.adminKey, (await uploadDataset(t.adminKey)).id, 'w');
  const l = await json(await runner(runnerKey, 'lease', { runner_id: 'remote' }));
  assert.equal(l.job.id, job.id);
  const missing = await errorOf(await h.req(l.base_model.url, { key: runnerKey }));
  assert.equal(missing.status, 404, 'no manifest uploaded yet');
  const weights = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251);
  const sha = createHash('sha256').update(weights).digest('hex');
  const bucket = await h.mf.getR2Bucket('BLOBS');
  await bucket.put('models/tiny-gpt2/model.safetensors', weights);
  await bucket.put(`models/tiny-gpt2/${MANIFEST_FILE}`, JSON.stringify({ format: MANIFEST_FORMAT, version: 1, files: [{ name: 'model.safetensors', bytes: weights.length, sha256: sha }] }));
  const manifest = await json(await h.req(l.base_model.url, { key: runnerKey }));
  assert.deepEqual(manifest.files.map((f: Record<string, unknown>) => [f.name, f.bytes, f.sha256]), [['model.safetensors', weights.length, sha]]);
  const file = await h.req(manifest.files[0].url, { key: runnerKey });
  assert.equal(file.headers.get('x-edgetune-sha256'), sha);
  assert.deepEqual(new Uint8Array(await file.arrayBuffer()), weights);
  assert.equal((await h.req(`${l.base_model.url}/config.json`, { key: runnerKey })).status, 404, 'only listed files are served');
  assert.equal((await h.req(l.base_model.url, { key: await h.key(t.adminKey, ['infer']) })).status, 403, 'a key without the runner scope');
  await bucket.delete([`models/tiny-gpt2/${MANIFEST_FILE}`, 'models/tiny-gpt2/model.safetensors']);
});

test('outbound webhooks: a failed delivery is retried when the cron hands it to the queue again', async () => {
  const t = await h.tenant('retry');
  const wh = await json(await h.req('/v1/webhooks', { key: t.adminKey, json: { url: 'https://hooks.example.test/retry', events: ['fine_tuning.job.cancelled'] } }));
  const job = await createJob(t.adminKey, (await uploadDataset(t.adminKey)).id, 'c');
  h.outboundStatus.push(500);
  assert.equal((await h.req(`/v1/fine_tuning/jobs/${job.id}/cancel`, { method: 'POST', key: t.adminKey })).status, 200);
  const deliveries = async () => (await json(await h.req(`/v1/webhooks/${wh.id}/deliveries`, { key: t.adminKey }))).data as Record<string, any>[];
  const failed = await eventually(async () => ((d) => d[0]?.attempts === 1 && d[0])(await deliveries()), 'the first attempt');
  assert.deepEqual([failed.status, failed.last_status_code], ['pending', 500]);
  await h.scheduled();
  const delivered = await eventually(async () => ((d) => d[0]?.status === 'delivered' && d[0])(await deliveries()), 'the retry');
  assert.equal(delivered.attempts, 2);
  assert.equal(h.outbound.filter((o) => o.url === 'https://hooks.example.test/retry').length, 2);
});

test('inbound hooks: a signed delivery creates a job from the recipe; a replay is 409; a bad signature is 401', async () => {
  const t = await h.tenant('hooks');
  const ds = await uploadDataset(t.adminKey);
  const created = await h.req('/v1/hooks', { key: t.adminKey, json: { name: 'nightly', recipe: { model: 'tiny-gpt2', training_file: ds.id, suffix: 'nightly', method: { type: 'lora', config: { r: 2 } } } } });
  assert.equal(created.status, 201);
  const hook = await json(created);
  const deliver = (body: string, delivery: string, secret = hook.secret as string) => {
    const ts = Math.floor(Date.now() / 1000);
    return h.req(`/v1/hooks/${hook.id}`, { key: null, body, headers: { 'content-type': 'application/json', 'edgetune-timestamp': String(ts), 'edgetune-signature': sign(secret, ts, body), 'edgetune-delivery': delivery } });
  };
  const body = JSON.stringify({ source: 'cron', overrides: { seed: 7 } });
  assert.equal((await deliver(body, 'd-1', 'whsec_wrong')).status, 401);
  const res = await deliver(body, 'd-1');
  assert.equal(res.status, 202, await res.clone().text());
  const job = (await json(res)).job;
  assert.deepEqual([job.status, job.seed, job.suffix], ['queued', 7, 'nightly']);
  const replay = await errorOf(await deliver(body, 'd-1'));
  assert.deepEqual([replay.status, replay.code], [409, 'conflict']);
  const jobs = await h.sql<{ id: string; source_hook_id: string }>('SELECT id, source_hook_id FROM jobs WHERE tenant_id = ?', t.id);
  assert.deepEqual(jobs, [{ id: job.id, source_hook_id: hook.id }]);
});

test('the cron expires a lease whose runner stopped heartbeating; the job is queued again', async () => {
  const t = await h.tenant('expiry');
  const runnerKey = await h.key(t.adminKey, ['runner']);
  const job = await createJob(t.adminKey, (await uploadDataset(t.adminKey)).id, 'e');
  const l = await json(await runner(runnerKey, 'lease', { runner_id: 'gone', ttl_s: 5 }));
  assert.equal(l.job.id, job.id);
  // the Worker runs on the real clock: wait the shortest lease out
  const [{ lease_expires_at }] = (await h.sql<{ lease_expires_at: number }>('SELECT lease_expires_at FROM job_queue WHERE job_id = ?', job.id)) as [{ lease_expires_at: number }];
  await new Promise((r) => setTimeout(r, Math.max(0, lease_expires_at - Date.now()) + 50));
  await h.scheduled();
  assert.equal((await json(await h.req(`/v1/fine_tuning/jobs/${job.id}`, { key: t.adminKey }))).status, 'queued');
  assert.deepEqual(await h.sql('SELECT lease_id FROM job_queue WHERE job_id = ?', job.id), [{ lease_id: null }]);
  assert.equal((await runner(runnerKey, 'heartbeat', { lease_id: l.lease_id })).status, 409, 'the old lease is lost');
  const next = await json(await runner(runnerKey, 'lease', { runner_id: 'back' }));
  assert.deepEqual([next.job.id, next.attempt], [job.id, 2]);
});

test('a cron-scheduled recipe fires through the scheduled handler once its slot is due, and only once', async () => {
  const t = await h.tenant('sched');
  const ds = await uploadDataset(t.adminKey);
  const bad = await h.req('/v1/hooks', { key: t.adminKey, json: { name: 'bad', schedule: '61 * * * *', recipe: { model: 'tiny-gpt2', training_file: ds.id } } });
  assert.deepEqual(await errorOf(bad), { status: 422, code: 'invalid_field', param: 'schedule' });
  const created = await h.req('/v1/hooks', {
    key: t.adminKey,
    json: { name: 'nightly', schedule: '*/10 * * * *', recipe: { model: 'tiny-gpt2', training_file: ds.id, suffix: 'nightly', method: { type: 'lora', config: { r: 4, target_modules: ['c_attn'] } } } },
  });
  assert.equal(created.status, 201, await created.clone().text());
  const hook = await json(created);
  assert.equal(hook.schedule, '*/10 * * * *');
  const jobsOf = () => h.sql<{ id: string; status: string }>('SELECT id, status FROM jobs WHERE source_hook_id = ?', hook.id);
  const createdAt = (await h.sql<{ created_at: number }>('SELECT created_at FROM hooks WHERE id = ?', hook.id))[0]!.created_at;
  // the cron at the moment the recipe was saved: its first slot is still ahead
  await h.scheduled(createdAt);
  assert.deepEqual(await jobsOf(), []);
  const due = createdAt + 11 * 60_000;
  await h.scheduled(due);
  const jobs = await eventually(async () => ((await jobsOf()).length > 0 ? jobsOf() : undefined), 'the scheduled job');
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0]!.status, 'queued');
  await h.scheduled(due);
  assert.equal((await jobsOf()).length, 1, 'the same slot fires once');
  const shown = await json(await h.req(`/v1/hooks/${hook.id}`, { key: t.adminKey }));
  assert.equal(shown.last_fired_at, Math.floor(due / 1000));
});
