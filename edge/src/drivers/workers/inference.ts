// Inference in the Worker: forwarded to an inference node (a service binding, or a URL), which runs
// core/src/serve's engine next to the base model weights. The protocol, kept to what the port needs:
//   POST /generate   {model, adapter: {sha256} | null, prompt, sampling}
//     200 application/x-ndjson: {"text": "…"} per piece, then {"done": {finishReason, promptTokens,
//         completionTokens}} (or {"error": {code, message}} if generation fails midway)
//     4xx/5xx {"error": {code, message}} with a core ServeError code; `adapter_not_found` means the
//         node has no bytes for that sha256 yet, so the Worker sends them once:
//   PUT /adapters/<sha256>   the packed adapter blob (application/octet-stream), then retries.
//   POST /score      {model, adapter, texts} → {meanNll, tokens} (drift reports), same adapter rule.
// With INFERENCE_TOKEN set, requests carry it as a bearer token. `edgetune inference-node` is the
// Node side (edge/src/inference-node).
import { ServeError, type ServeErrorCode } from '@edgetune/core/serve/errors.ts';
import type { InferenceEngine, InferenceRequest, InferenceResult, InferenceStream, ScoreRequest, ScoreResult } from '../../ports/inference.ts';
import type { FetcherLike } from './bindings.ts';

const CODES: readonly ServeErrorCode[] = ['overloaded', 'cancelled', 'invalid_request', 'too_long', 'adapter_not_found', 'invalid_adapter', 'closed'];

function serveError(status: number, body: unknown): ServeError {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = CODES.includes(err?.code as ServeErrorCode) ? (err!.code as ServeErrorCode) : status === 503 ? 'overloaded' : 'closed';
  return new ServeError(code, typeof err?.message === 'string' ? err.message : `inference node answered HTTP ${status}`);
}

async function errorOf(res: Response): Promise<ServeError> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the status says enough
  }
  return serveError(res.status, body);
}

/** NDJSON lines of a response body. */
async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) yield line;
    }
  }
  if (buf.trim()) yield buf.trim();
}

export class ForwardingInference implements InferenceEngine {
  private readonly base: string;

  /** `fetcher` is a service binding, or global fetch against `base` (INFERENCE_URL, may carry a path). */
  constructor(private readonly fetcher: FetcherLike, base = 'https://inference/', private readonly token?: string) {
    this.base = base.endsWith('/') ? base : `${base}/`;
  }

  private call(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.token) headers.set('authorization', `Bearer ${this.token}`);
    return this.fetcher.fetch(new Request(new URL(path, this.base), { ...init, headers }));
  }

  /** POSTs the body with the adapter's hash; when the node lacks the adapter, sends its bytes once and posts again. */
  private async post(path: string, body: object, adapter: InferenceRequest['adapter'], signal?: AbortSignal): Promise<Response> {
    const json = JSON.stringify({ ...body, adapter: adapter && { sha256: adapter.sha256 } });
    const post = () => this.call(path, { method: 'POST', body: json, headers: { 'content-type': 'application/json' }, ...(signal ? { signal } : {}) });
    const res = await post();
    if (res.status !== 404 || !adapter) return res;
    const err = await errorOf(res);
    if (err.code !== 'adapter_not_found') throw err;
    const put = await this.call(`adapters/${adapter.sha256}`, { method: 'PUT', body: await adapter.load(), headers: { 'content-type': 'application/octet-stream' } });
    if (!put.ok) throw await errorOf(put);
    return post();
  }

  async generate(req: InferenceRequest): Promise<InferenceStream> {
    const res = await this.post('generate', { model: req.model, prompt: req.prompt, sampling: req.sampling }, req.adapter, req.signal);
    if (!res.ok || !res.body) throw await errorOf(res);
    return pieces(res.body);
  }

  async score(req: ScoreRequest): Promise<ScoreResult> {
    const res = await this.post('score', { model: req.model, texts: req.texts }, req.adapter);
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as ScoreResult;
  }
}

function pieces(body: ReadableStream<Uint8Array>): InferenceStream {
  let settle!: { resolve: (r: InferenceResult) => void; reject: (e: unknown) => void };
  const result = new Promise<InferenceResult>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => {}); // a caller that only iterates sees the error there
  async function* iterate(): AsyncGenerator<string> {
    try {
      for await (const line of lines(body)) {
        const msg = JSON.parse(line) as { text?: string; done?: InferenceResult; error?: unknown };
        if (typeof msg.text === 'string') yield msg.text;
        else if (msg.done) return settle.resolve(msg.done);
        else if (msg.error) throw serveError(500, msg);
      }
      throw new ServeError('closed', 'inference node closed the stream before it finished');
    } catch (e) {
      settle.reject(e);
      throw e;
    }
  }
  const it = iterate();
  return { result, [Symbol.asyncIterator]: () => it };
}
