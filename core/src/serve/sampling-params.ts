import { z } from 'zod';

/** Generation parameters as requests give them (validated at the trust boundary). */
export const SamplingParams = z.object({
  maxTokens: z.number().int().positive().default(16).describe('new tokens at most'),
  temperature: z.number().min(0).max(100).default(1).describe('0 is greedy'),
  topK: z.number().int().nonnegative().default(0).describe('keep the k most likely tokens; 0 keeps all'),
  topP: z.number().gt(0).max(1).default(1).describe('nucleus: the smallest set whose probability reaches p'),
  repetitionPenalty: z.number().positive().default(1).describe("transformers' rule over prompt and output: divide positive logits, multiply negative"),
  stop: z.array(z.union([z.array(z.number().int().nonnegative()).min(1), z.string().min(1)])).max(16).default([])
    .describe('token-id sequences, or strings (need a detokenizer); the stop itself is not emitted'),
  ignoreEos: z.boolean().default(false),
  seed: z.number().int().optional().describe('fixes the sampling stream; absent: random'),
  logprobs: z.number().int().min(0).max(20).optional().describe("return each token's log-probability (raw model distribution), plus this many top alternatives"),
});

export type SamplingParams = z.output<typeof SamplingParams>;
export type SamplingInput = z.input<typeof SamplingParams>;
