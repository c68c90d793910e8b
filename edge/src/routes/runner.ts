// /v1/runner: the lease API for runners (scope `runner`), in-process or on other machines.
// lease → heartbeat → checkpoint → complete | fail | release; files, model files and artifacts by lease.
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { EdgetuneError, notFound, parseOr } from '../errors/index.ts';
import { readJson } from '../http/json-body.ts';
import { bodyLimit } from '../middleware/body-limit.ts';
import { requireScope } from '../middleware/require-scope.ts';
import type { Lease } from '../ports/job-queue.ts';
import type { JobRow } from '../ports/rows.ts';
import { Sha256 } from '../schemas/common.ts';
import { CheckpointBody, CompleteBody, FailBody, HeartbeatBody, LeaseBody, ReleaseBody } from '../schemas/runner.ts';
import { presentJob } from '../services/jobs/present.ts';
import { liveLease } from '../services/runner/access.ts';
import { artifactKey, storeArtifact } from '../services/runner/artifacts.ts';
import { completeJob, failJob } from '../services/runner/finish.ts';
import { leaseJob } from '../services/runner/lease.ts';
import { manifestSha256 } from '../services/runner/model-files.ts';
import { releaseLease } from '../services/runner/release.ts';
import { heartbeat, recordCheckpoint } from '../services/runner/report.ts';

const FILES = ['training_file', 'validation_file'] as const;

async function leaseObject(deps: AppDeps, lease: Lease, job: JobRow, ttlMs: number) {
  const base = `/v1/runner/leases/${lease.id}`;
  const files: Record<string, unknown> = {};
  for (const which of FILES) {
    const id = job[which];
    const ds = id ? await deps.meta.datasets.get(job.tenant_id, id) : null;
    if (ds) files[which] = { id: ds.id, kind: ds.kind, records: ds.records, sha256: ds.sha256, url: `${base}/files/${which}` };
  }
  const [latest] = await deps.meta.checkpoints.list(job.tenant_id, job.id);
  const model = deps.models.get(job.model);
  return {
    object: 'runner.lease', lease_id: lease.id, expires_at: lease.expiresAt, ttl_ms: ttlMs, attempt: lease.attempt, job: presentJob(job),
    base_model: { id: job.model, config: model?.config ?? null, url: model?.files ? `${base}/model` : null }, files,
    resume_from: latest ? { step: latest.step, sha256: latest.sha256, url: `${base}/artifacts/${latest.sha256}` } : null,
  };
}

export function runnerRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireScope('runner'));
  const ttl = (s?: number) => (s === undefined ? deps.limits.leaseTtlMs : s * 1000);
  const sha = (c: Context<AppEnv>) => parseOr(Sha256, c.req.param('sha256'), ['sha256']);

  app.post('/lease', async (c) => {
    const body = await readJson(c, LeaseBody);
    const ttlMs = ttl(body.ttl_s);
    const got = await leaseJob(deps, c.var.auth, body.runner_id, ttlMs);
    if (!got) return c.body(null, 204);
    return c.json(await leaseObject(deps, got.lease, got.job, ttlMs), 200);
  });

  app.post('/heartbeat', async (c) => {
    const body = await readJson(c, HeartbeatBody);
    return c.json({ object: 'runner.heartbeat', ...(await heartbeat(deps, c.var.auth, body, ttl(body.ttl_s))) });
  });

  app.post('/checkpoint', async (c) => {
    const body = await readJson(c, CheckpointBody);
    const row = await recordCheckpoint(deps, c.var.auth, body);
    return c.json({ object: 'runner.checkpoint', id: row.id, step: row.step, sha256: row.sha256 }, 201);
  });

  app.post('/complete', async (c) => c.json(presentJob(await completeJob(deps, c.var.auth, await readJson(c, CompleteBody)))));
  app.post('/fail', async (c) => c.json(presentJob(await failJob(deps, c.var.auth, await readJson(c, FailBody)))));
  app.post('/release', async (c) => c.json(presentJob(await releaseLease(deps, c.var.auth, await readJson(c, ReleaseBody)))));

  // The base model's files, for runners without a local copy (cached by them under the manifest's sha256).
  const modelSource = async (c: Context<AppEnv>) => {
    const { job } = await liveLease(deps, c.var.auth, c.req.param('lease')!);
    const source = deps.models.get(job.model)?.files;
    if (!source) throw notFound('model files', job.model);
    return { source, model: job.model };
  };
  app.get('/leases/:lease/model', async (c) => {
    const { source, model } = await modelSource(c);
    const files = await source.list();
    const url = (name: string) => `/v1/runner/leases/${c.req.param('lease')}/model/${encodeURIComponent(name)}`;
    return c.json({ object: 'runner.model', id: model, sha256: manifestSha256(files), files: files.map((f) => ({ ...f, url: url(f.name) })) });
  });
  app.get('/leases/:lease/model/:name', async (c) => {
    const { source } = await modelSource(c);
    const file = (await source.list()).find((f) => f.name === c.req.param('name'));
    const body = file ? await source.open(file.name) : null;
    if (!file || !body) throw notFound('model file', c.req.param('name'));
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes), 'x-edgetune-sha256': file.sha256 };
    return new Response(body, { headers });
  });

  app.get('/leases/:lease/files/:which', async (c) => {
    const { job } = await liveLease(deps, c.var.auth, c.req.param('lease'));
    const which = c.req.param('which') as (typeof FILES)[number];
    const id = FILES.includes(which) ? job[which] : null;
    const ds = id ? await deps.meta.datasets.get(job.tenant_id, id) : null;
    const blob = ds ? await deps.blobs.get(ds.blob_key) : null;
    if (!ds || !blob) throw notFound('file', which);
    return new Response(blob.stream(), { headers: { 'content-type': 'application/jsonl', 'x-edgetune-kind': ds.kind, 'x-edgetune-sha256': ds.sha256 } });
  });

  app.on(['HEAD', 'GET'], '/leases/:lease/artifacts/:sha256', async (c) => {
    const { job } = await liveLease(deps, c.var.auth, c.req.param('lease'));
    const blob = await deps.blobs.get(artifactKey(job.tenant_id, sha(c)));
    if (!blob) throw notFound('artifact', c.req.param('sha256'));
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) };
    return new Response(c.req.method === 'HEAD' ? null : blob.stream(), { headers });
  });

  app.put('/leases/:lease/artifacts/:sha256', bodyLimit(deps.limits.maxArtifactBytes, 'artifact'), async (c) => {
    const { job } = await liveLease(deps, c.var.auth, c.req.param('lease'));
    const hash = sha(c);
    const body = c.req.raw.body;
    if (!body) throw new EdgetuneError('invalid_request', 'artifact body is empty');
    const r = await storeArtifact(deps, job.tenant_id, hash, body as unknown as AsyncIterable<Uint8Array>);
    return c.json({ object: 'runner.artifact', sha256: hash, bytes: r.size, stored: r.created }, r.created ? 201 : 200);
  });
  return app;
}
