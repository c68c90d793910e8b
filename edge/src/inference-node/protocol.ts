// Request bodies of the inference node protocol (app.ts; the Worker's side is
// drivers/workers/inference.ts), checked before anything runs.
import { z } from 'zod';

export const SHA256 = /^[0-9a-f]{64}$/;

/** An answer of the protocol's own: {"error": {code, message}} with this status. */
export class ProtocolError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const Adapter = z.strictObject({ sha256: z.string().regex(SHA256) }).nullable();

const Sampling = z.strictObject({
  maxTokens: z.number().int().positive(),
  temperature: z.number().min(0),
  topP: z.number().gt(0).max(1),
  topK: z.number().int().min(0),
  repetitionPenalty: z.number().positive(),
  stop: z.array(z.string()),
  seed: z.number().int().optional(),
});

export const GenerateRequest = z.strictObject({
  model: z.string().min(1),
  adapter: Adapter,
  prompt: z.union([z.string(), z.strictObject({ messages: z.array(z.strictObject({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.string() })).min(1) })]),
  sampling: Sampling,
});

export const ScoreRequest = z.strictObject({ model: z.string().min(1), adapter: Adapter, texts: z.array(z.string()).min(1) });

/** The body as the schema's type, or a 400 naming the first bad field. */
export function parseBody<T>(schema: z.ZodType<T>, text: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProtocolError(400, 'invalid_request', 'the body is not JSON');
  }
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new ProtocolError(400, 'invalid_request', `${issue.path.join('.') || 'body'}: ${issue.message}`);
}
