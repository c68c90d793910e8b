// The runner side of the lease protocol over any fetch: app.fetch in-process, global fetch across
// machines (gpu-runner can use this same client).
import { sha256Hex } from '../util/crypto.ts';

export type FetchLike = (req: Request) => Response | Promise<Response>;

export class RunnerHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'RunnerHttpError';
  }
}

export interface LeasedJob {
  lease_id: string;
  expires_at: number;
  attempt: number;
  job: { id: string; model: string; seed: number; method: { type: string; config: unknown }; hyperparameters: Record<string, unknown> };
  base_model: { id: string; config: { maxPositions: number } & Record<string, unknown> };
  files: Record<string, { id: string; kind: string; records: number; sha256: string; url: string }>;
  resume_from: { step: number; sha256: string; url: string } | null;
}

export class RunnerClient {
  constructor(private readonly fetchFn: FetchLike, private readonly baseUrl: string, private readonly key: string) {}

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

  async lease(runnerId: string, ttlS?: number): Promise<LeasedJob | null> {
    const res = await this.call('POST', '/v1/runner/lease', { runner_id: runnerId, ...(ttlS ? { ttl_s: ttlS } : {}) });
    return res.status === 204 ? null : ((await res.json()) as LeasedJob);
  }

  async heartbeat(leaseId: string, progress?: { step: number; total_steps: number }, metrics?: Record<string, number>): Promise<{ cancel: boolean }> {
    return (await (await this.call('POST', '/v1/runner/heartbeat', { lease_id: leaseId, progress, metrics })).json()) as { cancel: boolean };
  }

  async download(url: string): Promise<string> {
    return (await this.call('GET', url)).text();
  }

  /** Uploads unless the server has the bytes already; returns their sha256. */
  async putArtifact(leaseId: string, bytes: Uint8Array): Promise<string> {
    const sha = sha256Hex(bytes);
    const path = `/v1/runner/leases/${leaseId}/artifacts/${sha}`;
    if ((await this.call('HEAD', path)).status !== 200) await this.call('PUT', path, undefined, bytes);
    return sha;
  }

  async checkpoint(leaseId: string, step: number, sha256: string, metrics: Record<string, number>): Promise<void> {
    await this.call('POST', '/v1/runner/checkpoint', { lease_id: leaseId, step, sha256, metrics });
  }

  async complete(leaseId: string, sha256: string, trainedTokens: number, metrics: Record<string, number>): Promise<Record<string, unknown>> {
    return (await (await this.call('POST', '/v1/runner/complete', { lease_id: leaseId, sha256, trained_tokens: trainedTokens, metrics })).json()) as Record<string, unknown>;
  }

  async fail(leaseId: string, code: string, message: string, retryable: boolean): Promise<void> {
    await this.call('POST', '/v1/runner/fail', { lease_id: leaseId, error: { code, message: message.slice(0, 4000) }, retryable });
  }
}
