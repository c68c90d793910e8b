// OpenAI-compatible completions. Fields OpenAI has and we do not honour are refused (422), except
// the harmless ones pinned to their defaults (n: 1).
import { z } from 'zod';

const Sampling = {
  max_tokens: z.number().int().positive().max(32_768).default(16),
  temperature: z.number().min(0).max(2).default(1),
  top_p: z.number().gt(0).max(1).default(1),
  top_k: z.number().int().nonnegative().default(0).describe('edgetune extension: 0 keeps all tokens'),
  repetition_penalty: z.number().positive().max(10).default(1).describe('edgetune extension'),
  stop: z.union([z.string().min(1), z.array(z.string().min(1)).max(4)]).optional(),
  seed: z.number().int().optional(),
  stream: z.boolean().default(false),
  n: z.literal(1).optional(),
  user: z.string().max(256).optional().describe('also the sticky key for adapter traffic splits'),
};

export const CompletionBody = z.strictObject({
  model: z.string().min(1).describe('a base model id, or an adapter: name, name@version, name@alias'),
  prompt: z.union([z.string(), z.array(z.string()).length(1)]),
  ...Sampling,
});
export type CompletionBody = z.output<typeof CompletionBody>;

export const ChatBody = z.strictObject({
  model: z.string().min(1),
  messages: z.array(z.strictObject({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.string() })).min(1),
  ...Sampling,
});
export type ChatBody = z.output<typeof ChatBody>;
