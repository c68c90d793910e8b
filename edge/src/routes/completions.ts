// POST /v1/completions and /v1/chat/completions (OpenAI shapes, optional SSE streaming) over the
// inference port. 501 when the deployment has no inference driver. `x-edgetune-adapter` names the
// adapter version that served (`name@version`, or `none` for the base model).
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { EdgetuneError } from '../errors/index.ts';
import { readJson } from '../http/json-body.ts';
import { requireScope } from '../middleware/require-scope.ts';
import type { InferenceRequest, SamplingIn } from '../ports/inference.ts';
import { ChatBody, CompletionBody } from '../schemas/completions.ts';
import { inferenceTarget } from '../services/inference/target.ts';
import { recordServed } from '../services/tracking/record.ts';
import { randomSecret } from '../util/ids.ts';

const sampling = (b: CompletionBody | ChatBody): SamplingIn => ({
  maxTokens: b.max_tokens, temperature: b.temperature, topP: b.top_p, topK: b.top_k, repetitionPenalty: b.repetition_penalty,
  stop: b.stop === undefined ? [] : typeof b.stop === 'string' ? [b.stop] : b.stop, ...(b.seed !== undefined ? { seed: b.seed } : {}),
});

type Kind = 'text' | 'chat';

const promptText = (p: InferenceRequest['prompt']) => (typeof p === 'string' ? p : p.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n'));

async function respond(c: Context<AppEnv>, deps: AppDeps, kind: Kind, body: CompletionBody | ChatBody, prompt: InferenceRequest['prompt']) {
  if (!deps.inference) throw new EdgetuneError('not_implemented', 'this deployment has no inference engine');
  const started = deps.clock.now();
  const target = await inferenceTarget(deps, c.var.auth.tenantId, body.model, body.user);
  // which version served (an A/B split picks one per request; `user` keeps a caller on one)
  c.header('x-edgetune-adapter', target.adapter ? target.name : 'none');
  const abort = new AbortController();
  c.req.raw.signal?.addEventListener('abort', () => abort.abort(), { once: true });
  const stream = await deps.inference.generate({ model: target.base, adapter: target.adapter, prompt, sampling: sampling(body), signal: abort.signal });
  const id = `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${randomSecret(12)}`;
  const created = Math.floor(deps.clock.now() / 1000);
  // the A/B readout and drift sampling (services/tracking); a tracking failure never fails the answer
  const track = async (promptTokens: number) => {
    if (!target.served) return;
    const served = { id, tenantId: c.var.auth.tenantId, served: target.served, prompt: promptText(prompt), promptTokens, latencyMs: deps.clock.now() - started };
    await recordServed(deps, served).catch((e) => (deps.log ?? console.error)('tracking: could not record a completion', e));
  };
  const head = { id, object: kind === 'chat' ? 'chat.completion' : 'text_completion', created, model: target.name };
  const choice = (text: string, finish: string | null) =>
    kind === 'chat' ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: finish } : { index: 0, text, logprobs: null, finish_reason: finish };
  if (!body.stream) {
    for await (const _ of stream);
    const r = await stream.result;
    await track(r.promptTokens);
    return c.json({ ...head, choices: [choice(r.text, r.finishReason)], usage: { prompt_tokens: r.promptTokens, completion_tokens: r.completionTokens, total_tokens: r.promptTokens + r.completionTokens } });
  }
  const chunkHead = { ...head, object: kind === 'chat' ? 'chat.completion.chunk' : 'text_completion' };
  const delta = (text: string | null, finish: string | null) =>
    kind === 'chat' ? { index: 0, delta: text === null ? {} : { content: text }, finish_reason: finish } : { index: 0, text: text ?? '', logprobs: null, finish_reason: finish };
  return streamSSE(c, async (sse) => {
    sse.onAbort(() => abort.abort());
    try {
      for await (const piece of stream) await sse.writeSSE({ data: JSON.stringify({ ...chunkHead, choices: [delta(piece, null)] }) });
      const r = await stream.result;
      await track(r.promptTokens);
      await sse.writeSSE({ data: JSON.stringify({ ...chunkHead, choices: [delta(null, r.finishReason)] }) });
    } catch (e) {
      await sse.writeSSE({ event: 'error', data: JSON.stringify({ error: { message: (e as Error).message } }) });
    }
    await sse.writeSSE({ data: '[DONE]' });
  });
}

export function completionRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireScope('infer'));
  app.post('/completions', async (c) => {
    const body = await readJson(c, CompletionBody);
    return respond(c, deps, 'text', body, typeof body.prompt === 'string' ? body.prompt : body.prompt[0]!);
  });
  app.post('/chat/completions', async (c) => {
    const body = await readJson(c, ChatBody);
    return respond(c, deps, 'chat', body, { messages: body.messages });
  });
  return app;
}
