// Options of the tiny-random generator, validated with zod so CLI flags (strings) work too.
import { z } from 'zod';
import type { ModelConfig, ModelType } from './model-config.ts';

export interface TinyRandomOptions {
  readonly arch: 'gpt2' | 'llama';
  /** llama-family flavour (qwen2 adds q/k/v biases); defaults to arch. */
  readonly modelType?: ModelType;
  readonly vocabSize: number; // >= 257
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads?: number; // llama only; default heads
  readonly intermediate?: number; // default 4*hidden (gpt2), 8/3*hidden rounded up to 8 (llama)
  readonly maxPositions: number;
  readonly seed?: number; // default 0
  readonly tieEmbeddings?: boolean; // default true for gpt2, false for llama (HF defaults)
  readonly dtype?: 'float32' | 'float16' | 'bfloat16';
  /** Shard the weights past this many bytes per file (with an index). */
  readonly shardBytes?: number;
}

const Int = z.coerce.number().int().positive();
const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

/** Validates options; numbers and booleans may come as CLI strings. */
export const TinyRandomSchema = z.object({
  arch: z.enum(['gpt2', 'llama']),
  modelType: z.enum(['gpt2', 'llama', 'mistral', 'qwen2']).optional(),
  vocabSize: Int.min(257, 'vocabSize must be at least 257 (1 special token + 256 byte symbols)'),
  hidden: Int,
  layers: Int,
  heads: Int,
  kvHeads: Int.optional(),
  intermediate: Int.optional(),
  maxPositions: Int,
  seed: z.coerce.number().int().nonnegative().default(0),
  tieEmbeddings: Flag.optional(),
  dtype: z.enum(['float32', 'float16', 'bfloat16']).default('float32'),
  shardBytes: Int.optional(),
}).superRefine((o, ctx) => {
  const kv = o.kvHeads ?? o.heads;
  if (o.hidden % o.heads !== 0) ctx.addIssue({ code: 'custom', path: ['hidden'], message: 'must be divisible by heads' });
  if (o.heads % kv !== 0) ctx.addIssue({ code: 'custom', path: ['kvHeads'], message: 'must divide heads' });
  if (o.arch === 'gpt2' && kv !== o.heads) ctx.addIssue({ code: 'custom', path: ['kvHeads'], message: 'gpt2 has no grouped-query attention' });
  const type = o.modelType ?? o.arch;
  if ((o.arch === 'gpt2') !== (type === 'gpt2')) ctx.addIssue({ code: 'custom', path: ['modelType'], message: `${type} is not a ${o.arch} model type` });
});
export type TinyRandomParsed = z.output<typeof TinyRandomSchema>;

/** Options from untyped input (CLI flags, HTTP); the error names each bad field. */
export function parseTinyRandomOptions(raw: unknown): TinyRandomParsed {
  const r = TinyRandomSchema.safeParse(raw);
  if (!r.success) throw new Error(`tiny-random: invalid options\n${z.prettifyError(r.error)}`);
  return r.data;
}

/** Llama MLP width when not given: 8/3 of hidden (SwiGLU keeps 4x MLP FLOPs), rounded up to 8. */
function llamaIntermediate(hidden: number): number {
  return Math.ceil((8 * hidden) / 3 / 8) * 8;
}

/** The ModelConfig a tiny-random folder will have; token id 0 (<|endoftext|>) is bos and eos. */
export function tinyRandomConfig(o: TinyRandomParsed): ModelConfig {
  const gpt2 = o.arch === 'gpt2';
  const type = o.modelType ?? o.arch;
  const bias = { qkvBias: gpt2 || type === 'qwen2', oBias: gpt2, mlpBias: gpt2 };
  return {
    arch: o.arch,
    modelType: type,
    vocabSize: o.vocabSize,
    hidden: o.hidden,
    layers: o.layers,
    heads: o.heads,
    kvHeads: o.kvHeads ?? o.heads,
    headDim: o.hidden / o.heads,
    intermediate: o.intermediate ?? (gpt2 ? 4 * o.hidden : llamaIntermediate(o.hidden)),
    maxPositions: o.maxPositions,
    normEps: 1e-5,
    ropeTheta: gpt2 ? null : 10000,
    ropeScaling: null,
    slidingWindow: null,
    tieEmbeddings: o.tieEmbeddings ?? gpt2,
    ...bias,
    activation: gpt2 ? 'gelu_new' : 'silu',
    bosTokenId: 0,
    eosTokenId: 0,
    eosTokenIds: [0],
    padTokenId: null,
    initializerRange: 0.02,
    dtype: o.dtype,
  };
}
