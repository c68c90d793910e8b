// zod pieces shared by the per-architecture config.json schemas.
import { z } from 'zod';
import type { Activation, ModelConfig } from './model-config.ts';

export const PosInt = z.number().int().positive();
export const TokenId = z.number().int().nonnegative().nullish();
export const EosIds = z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]).nullish();

const ACTIVATIONS = ['gelu_new', 'gelu', 'gelu_pytorch_tanh', 'gelu_fast', 'quick_gelu', 'relu', 'silu', 'swish'] as const;
export const ActivationSchema = z.enum(ACTIVATIONS).transform((a): Activation => (a === 'swish' ? 'silu' : a));

/** transformers 5 writes `dtype`, 4 wrote `torch_dtype`; anything else ("auto") reads as float32. */
export const DtypeFields = {
  dtype: z.string().nullish(),
  torch_dtype: z.string().nullish(),
};

export function weightDtype(cfg: { dtype?: string | null; torch_dtype?: string | null }): ModelConfig['dtype'] {
  const d = cfg.dtype ?? cfg.torch_dtype;
  return d === 'float16' || d === 'bfloat16' || d === 'float64' ? d : 'float32';
}

export const TokenFields = {
  bos_token_id: TokenId,
  eos_token_id: EosIds,
  pad_token_id: TokenId,
  initializer_range: z.number().nonnegative().default(0.02),
};

export function tokenIds(cfg: { bos_token_id?: number | null; eos_token_id?: number | number[] | null; pad_token_id?: number | null }) {
  const eos = cfg.eos_token_id == null ? [] : Array.isArray(cfg.eos_token_id) ? cfg.eos_token_id : [cfg.eos_token_id];
  return {
    bosTokenId: cfg.bos_token_id ?? null,
    eosTokenId: eos[0] ?? null,
    eosTokenIds: eos,
    padTokenId: cfg.pad_token_id ?? null,
  };
}

/** HF's eos_token_id: a number, a list when there are several, or null. */
export function eosToHf(c: ModelConfig): number | number[] | null {
  return c.eosTokenIds.length > 1 ? [...c.eosTokenIds] : c.eosTokenId;
}

export const TRANSFORMERS_VERSION = '5.17.0';
