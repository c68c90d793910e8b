// The runner side of the lease protocol over any fetch: the edge app's app.fetch in-process, global
// fetch across machines. Calls that are safe to repeat retry through network errors and 5xx (a
// server restarting), so a blip never costs a checkpoint or a finished adapter.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export type FetchLike = (req: Request) => Response | Promise<Response>;

export class RunnerHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'RunnerHttpError';
  }
}

/** 409: the lease is gone (expired, finished, or the job was cancelled); stop work on the job. */
export const isLeaseLost = (e: unknown) => e instanceof RunnerHttpError && (e.status === 409 || e.status === 404);

/** Worth trying again: no answer at all, a 5xx, or 429. */
export const isTransient = (e: unknown) => !(e instanceof RunnerHttpError) || e.status >= 500 || e.status === 429;

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface LeasedFile { id: string; kind: string; records: number; sha256: string; url: string }

export interface LeasedJob {
  lease_id: string;
  expires_at: number;
  ttl_ms: number;
  attempt: number;
  job: { id: string; model: string; seed: number; method: { type: string; config: unknown }; hyperparameters: Record<string, unknown> };
  base_model: { id: string; config: { maxPositions: number } & Record<string, unknown>; url: string | null };
  files: Record<string, LeasedFile>;
  resume_from: { step: number; sha256: string; url: string } | null;
}

export interface ModelManifest {
  id: string;
  sha256: string;
  files: { name: string; bytes: number; sha256: string; url: string }[];
}

export interface Progress { step: number; total_steps: number }

export interface ClientOptions {
  /** How long a repeatable call keeps retrying through transient errors. */
  retryForMs?: number;
  log?: (message: string) => void;
}

export class RunnerClient {
  constructor(
    private readonly fetchFn: FetchLike,
    private readonly baseUrl: string,
    private readonly key: string,
    private readonly opts: ClientOptions = {},
  ) {}

  private async call(method: string, path: string, body?: unknown, raw?: Uint8Array): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}` };
    let payload: RequestInit['body'];
    if (raw) {
      headers['content-type'] = 'application/octet-stream';
      payload = raw as unknown as RequestInit['body'];
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await this.fetchFn(new Request(new URL(path, this.baseUrl), { method, headers, body: payload }));
    if (res.status >= 400 && !(method === 'HEAD' && res.status === 404)) {
      const err = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      throw new RunnerHttpError(res.status, err.error?.code ?? 'http_error', `${method} ${path}: ${res.status} ${err.error?.message ?? ''}`.trim());
    }
    return res;
  }

  /** `call` again after transient failures (1s, 2s, … capped at 5s) until retryForMs has passed. */
  private async retrying<T>(what: string, f: () => Promise<T>): Promise<T> {
    const end = Date.now() + (this.opts.retryForMs ?? 10 * 60_000);
    for (let wait = 1000; ; wait = Math.min(wait * 2, 5000)) {
      try {
        return await f();
      } catch (e) {
        if (!isTransient(e) || Date.now() + wait > end) throw e;
        this.opts.log?.(`${what}: ${(e as Error).message}; retrying in ${wait / 1000}s`);
        await sleep(wait);
      }
    }
  }

  /** Not retried: a lost answer would strand a lease; the next poll asks again. */
  async lease(runnerId: string, ttlS?: number): Promise<LeasedJob | null> {
    const res = await this.call('POST', '/v1/runner/lease', { runner_id: runnerId, ...(ttlS ? { ttl_s: ttlS } : {}) });
    return res.status === 204 ? null : ((await res.json()) as LeasedJob);
  }

  /** One attempt: the heartbeat timer is the retry. */
  async heartbeat(leaseId: string, report: { progress?: Progress; metrics?: Record<string, number>; messages?: string[] } = {}): Promise<{ cancel: boolean }> {
    return (await (await this.call('POST', '/v1/runner/heartbeat', { lease_id: leaseId, ...report })).json()) as { cancel: boolean };
  }

  async downloadBytes(url: string): Promise<Uint8Array> {
    return this.retrying(`GET ${url}`, async () => new Uint8Array(await (await this.call('GET', url)).arrayBuffer()));
  }

  async modelManifest(url: string): Promise<ModelManifest> {
    return this.retrying(`GET ${url}`, async () => (await (await this.call('GET', url)).json()) as ModelManifest);
  }

  /** Uploads unless the server has the bytes already; returns their sha256. */
  async putArtifact(leaseId: string, bytes: Uint8Array): Promise<string> {
    const sha = sha256Hex(bytes);
    const path = `/v1/runner/leases/${leaseId}/artifacts/${sha}`;
    await this.retrying('artifact upload', async () => {
      if ((await this.call('HEAD', path)).status !== 200) await this.call('PUT', path, undefined, bytes);
    });
    return sha;
  }

  async checkpoint(leaseId: string, step: number, sha256: string, metrics: Record<string, number>): Promise<void> {
    await this.retrying('checkpoint', () => this.call('POST', '/v1/runner/checkpoint', { lease_id: leaseId, step, sha256, metrics }));
  }

  /** Idempotent on the server: a retry after a lost answer gets the finished job. */
  async complete(leaseId: string, sha256: string, trainedTokens: number, metrics: Record<string, number>): Promise<Record<string, unknown>> {
    const body = { lease_id: leaseId, sha256, trained_tokens: trainedTokens, metrics };
    return this.retrying('complete', async () => (await (await this.call('POST', '/v1/runner/complete', body)).json()) as Record<string, unknown>);
  }

  async fail(leaseId: string, code: string, message: string, retryable: boolean): Promise<void> {
    const body = { lease_id: leaseId, error: { code: code.slice(0, 64), message: message.slice(0, 4000) || code }, retryable };
    await this.retrying('fail', () => this.call('POST', '/v1/runner/fail', body));
  }

  async release(leaseId: string, reason: string): Promise<void> {
    await this.retrying('release', () => this.call('POST', '/v1/runner/release', { lease_id: leaseId, reason: reason.slice(0, 500) }));
  }
}
