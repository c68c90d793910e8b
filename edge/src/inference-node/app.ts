// The inference node: the other end of drivers/workers/inference.ts. A Worker has no room for
// base model weights, so it forwards completions and drift scoring to a Node process that holds
// them and runs an InferenceEngine (drivers/node/inference.ts: core/src/serve's engine).
//   POST /generate          {model, adapter: {sha256} | null, prompt, sampling} → NDJSON
//   POST /score             {model, adapter, texts} → {meanNll, tokens}
//   PUT  /adapters/:sha256  the packed adapter blob, checked against its hash
// Adapters arrive once and stay under a byte budget; one dropped (or never sent) is answered
// 404 adapter_not_found, and the Worker sends its bytes. With a token, every request needs
// `authorization: Bearer <token>`. Errors are {"error": {code, message}} with ServeError codes.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ServeError } from '@edgetune/core/serve/errors.ts';
import type { InferenceEngine, InferenceRequest, InferenceStream } from '../ports/inference.ts';
import { AdapterBytes } from './adapter-bytes.ts';
import { GenerateRequest, parseBody, ProtocolError, ScoreRequest, SHA256 } from './protocol.ts';

export interface InferenceNodeOptions {
  engine: InferenceEngine;
  /** Required as a bearer token when set. */
  token?: string;
  /** Packed adapter blobs kept (default 512 MiB); also the largest blob accepted. */
  adapterBudgetBytes?: number;
}

/** Largest JSON request (prompts, texts to score). */
const MAX_JSON_BYTES = 8 * 2 ** 20;

const fail = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

function failure(e: unknown): Response {
  if (e instanceof ProtocolError) return fail(e.status, e.code, e.message);
  if (e instanceof ServeError) return fail(e.status, e.code, e.message);
  console.error('inference node:', e);
  return fail(500, 'closed', 'internal error');
}

export function inferenceNodeApp(o: InferenceNodeOptions): Hono {
  const adapters = new AdapterBytes(o.adapterBudgetBytes ?? 512 * 2 ** 20);
  const limit = (maxSize: number) => bodyLimit({ maxSize, onError: () => fail(413, 'too_long', `the body is over ${maxSize} bytes`) });
  const app = new Hono();
  app.onError((e) => failure(e));
  app.use('*', async function bearerToken(c, next) {
    if (o.token && c.req.header('authorization') !== `Bearer ${o.token}`) return fail(401, 'unauthorized', 'inference node: missing or wrong bearer token');
    await next();
  });

  /** The request's adapter with its bytes, or a 404 that makes the Worker send them. */
  const adapterOf = (a: { sha256: string } | null): InferenceRequest['adapter'] => {
    if (!a) return null;
    const bytes = adapters.get(a.sha256);
    if (!bytes) throw new ProtocolError(404, 'adapter_not_found', `no adapter ${a.sha256} on this node yet: PUT /adapters/${a.sha256}`);
    return { sha256: a.sha256, load: async () => bytes };
  };

  app.put('/adapters/:sha256', limit(adapters.budgetBytes), async (c) => {
    const sha256 = c.req.param('sha256');
    if (!SHA256.test(sha256)) throw new ProtocolError(400, 'invalid_request', 'the path must end in the blob\'s sha256 (64 lowercase hex digits)');
    const blob = new Uint8Array(await c.req.arrayBuffer());
    if (!adapters.put(sha256, blob)) throw new ProtocolError(400, 'invalid_adapter', `the body's sha256 is not ${sha256}`);
    return c.body(null, 204);
  });

  app.post('/generate', limit(MAX_JSON_BYTES), async (c) => {
    const req = parseBody(GenerateRequest, await c.req.text());
    const abort = new AbortController();
    c.req.raw.signal?.addEventListener('abort', () => abort.abort(), { once: true });
    const stream = await o.engine.generate({ ...req, adapter: adapterOf(req.adapter), signal: abort.signal });
    return new Response(ndjson(stream, abort), { headers: { 'content-type': 'application/x-ndjson' } });
  });

  app.post('/score', limit(MAX_JSON_BYTES), async (c) => {
    if (!o.engine.score) throw new ProtocolError(501, 'not_implemented', 'this inference node cannot score text');
    const req = parseBody(ScoreRequest, await c.req.text());
    return c.json(await o.engine.score({ ...req, adapter: adapterOf(req.adapter) }));
  });

  return app;
}

/** {"text"} per piece, then {"done"}; a failure midway is an {"error"} line (the status is sent already). */
function ndjson(stream: InferenceStream, abort: AbortController): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cancelled = false;
  return new ReadableStream({
    async start(controller) {
      const send = (o: unknown) => void (cancelled || controller.enqueue(encoder.encode(`${JSON.stringify(o)}\n`)));
      try {
        for await (const text of stream) send({ text });
        send({ done: await stream.result });
      } catch (e) {
        const err = e instanceof ServeError ? e : new ServeError('closed', 'generation failed');
        send({ error: { code: err.code, message: err.message } });
      }
      if (!cancelled) controller.close();
    },
    cancel() {
      cancelled = true;
      abort.abort(); // the Worker went away: stop generating
    },
  });
}
