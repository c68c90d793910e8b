// Restarts and retries against a real edge server: the server killed and restarted mid-job loses
// neither the job nor a checkpoint (the runner keeps training and retries through the outage);
// completing the same job twice is idempotent; the same artifact uploaded twice is stored once.
import assert from 'node:assert/strict';
import { randomBytes, createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { jobBody, serverFixture, startRunner, startServer } from '../gpu-runner/src/test-support/e2e.ts';

const env = { EDGETUNE_LEASE_TTL_MS: '15000' };
const f = serverFixture('runner-restart', env);
const dataDir = join(f.tmp, 'data');
let first: Record<string, any>;

test('the server SIGKILLed and restarted mid-job loses no job and no checkpoint', async () => {
  const job = await f.server.job(jobBody(f.ds, 400));
  const r1 = startRunner({ server: f.server, token: f.token, name: 'r1', workDir: join(f.tmp, 'r1'), args: ['--checkpoint-every', '20'] });
  await r1.line(/checkpoint at step \d+ uploaded/);
  r1.signal('SIGSTOP');
  // every checkpoint the runner saw acknowledged before the crash must survive it
  const acked = r1.lines.flatMap((l) => l.match(/checkpoint at step (\d+) uploaded/)?.[1] ?? []).map(Number);
  assert.equal((await f.server.getJob(job.id)).status, 'running');
  await f.server.child.kill();
  r1.signal('SIGCONT'); // trains on while the server is down
  f.server = await startServer({ dataDir, model: join(f.tmp, 'model'), port: f.server.port, env });

  first = await f.server.finished(job.id);
  assert.equal(first.status, 'succeeded', JSON.stringify(first.error));
  assert.equal(first.fine_tuned_model, 'cats@1');
  assert.ok(r1.lines.some((l) => /retrying in|heartbeat failed/.test(l)), 'the runner met the outage');
  const steps = (await f.server.checkpoints(job.id)).map((c) => c.step_number);
  for (const s of acked) assert.ok(steps.includes(s), `checkpoint ${s} survived (have ${steps.join(', ')})`);
  assert.ok(steps.includes(400));
  const events = await f.server.events(job.id);
  assert.equal(events.filter((e) => e.message.startsWith('Job succeeded')).length, 1);
  assert.ok(existsSync(f.server.artifactPath(first.organization_id, first.result_files[0])));
  r1.signal('SIGTERM');
  assert.equal((await r1.exited).code, 0);
});

test('completing the same job twice is idempotent; the same artifact uploaded twice is stored once', async () => {
  const job = await f.server.job(jobBody(f.ds, 2, { suffix: 'twice' }));
  const post = (path: string, json: unknown) => f.server.req(`/v1/runner/${path}`, { key: f.token, json });
  const lease = (await (await post('lease', { runner_id: 'manual' })).json()) as Record<string, any>;
  assert.equal(lease.job.id, job.id);

  const put = (bytes: Uint8Array, sha: string) =>
    f.server.req(`/v1/runner/leases/${lease.lease_id}/artifacts/${sha}`, { method: 'PUT', key: f.token, body: bytes as unknown as string, headers: { 'content-type': 'application/octet-stream' } });
  const blob = new Uint8Array(randomBytes(4096));
  const sha = createHash('sha256').update(blob).digest('hex');
  const a = await put(blob, sha);
  const b = await put(blob, sha);
  assert.deepEqual([a.status, ((await a.json()) as any).stored], [201, true]);
  assert.deepEqual([b.status, ((await b.json()) as any).stored], [200, false]);
  const dir = join(dataDir, 'blobs', 't', job.organization_id, 'artifacts', 'sha256');
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes(sha)), [sha], 'one copy on disk');
  assert.deepEqual(readFileSync(join(dir, sha)), Buffer.from(blob));

  // the first job's adapter, completed twice (a runner whose answer was lost retries)
  const adapter = readFileSync(f.server.artifactPath(first.organization_id, first.result_files[0]));
  const adapterSha = first.result_files[0];
  assert.equal((await put(new Uint8Array(adapter), adapterSha)).status, 200, 'known already: not stored again');
  const c1 = (await (await post('complete', { lease_id: lease.lease_id, sha256: adapterSha, trained_tokens: 10 })).json()) as Record<string, any>;
  const c2res = await post('complete', { lease_id: lease.lease_id, sha256: adapterSha, trained_tokens: 10 });
  assert.equal(c2res.status, 200);
  const c2 = (await c2res.json()) as Record<string, any>;
  assert.deepEqual([c1.status, c1.fine_tuned_model], ['succeeded', 'twice@1']);
  assert.deepEqual([c2.status, c2.fine_tuned_model, c2.finished_at], [c1.status, c1.fine_tuned_model, c1.finished_at]);
  const published = await f.server.json('/v1/adapters/twice');
  assert.equal(published.versions.length, 1);
  assert.equal((await f.server.events(job.id)).filter((e) => e.message.startsWith('Job succeeded')).length, 1);
});
