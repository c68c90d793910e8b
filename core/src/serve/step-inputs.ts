import { hostTensor, type HostTensor } from '../graph/index.ts';
import { MASKED } from '../models/index.ts';
import { ATTN_BIAS, INPUT_IDS, LOGIT_INDEX, POSITION_IDS } from './names.ts';

/** One row of a call: its new tokens, where they go, and how much of the past input it may see. */
export interface StepRow {
  /** New token ids, right-padded to the call's T; ids >= vocab are virtual tokens (prompt_embeds rows). */
  readonly ids: readonly number[];
  /** Cache position, which is also the position id, of the first new token. */
  readonly start: number;
  /** Past positions 0..past-1 of the past input are this row's; the rest of the window is masked. */
  readonly past: number;
}

/**
 * input_ids, position_ids, the additive attention bias and the logit index for a call of T new tokens per
 * row over a past window W. Bias [B, 1, rep*T, W+T]: the rep query heads that share a KV head repeat it.
 */
export function stepInputs(rows: readonly StepRow[], seq: number, window: number, rep: number, maxPositions: number): Record<string, HostTensor> {
  const B = rows.length;
  const keys = window + seq;
  const ids = new BigInt64Array(B * seq);
  const pos = new BigInt64Array(B * seq);
  const bias = new Float32Array(B * rep * seq * keys).fill(MASKED);
  const logitIndex = new BigInt64Array(B);
  rows.forEach((row, b) => {
    const n = row.ids.length;
    if (n === 0 || n > seq) throw new Error(`stepInputs: row ${b} has ${n} new tokens for T = ${seq}`);
    for (let t = 0; t < seq; t++) {
      ids[b * seq + t] = BigInt(t < n ? row.ids[t]! : 0);
      pos[b * seq + t] = BigInt(Math.min(row.start + t, maxPositions - 1)); // padding must stay a valid index
      for (let r = 0; r < rep; r++) {
        const line = ((b * rep + r) * seq + t) * keys;
        bias.fill(0, line, line + row.past); // the row's own cached positions
        bias.fill(0, line + window, line + window + Math.min(t, n - 1) + 1); // causal over new tokens
      }
    }
    logitIndex[b] = BigInt(b * seq + n - 1);
  });
  return {
    [INPUT_IDS]: hostTensor('int64', [B, seq], ids),
    [POSITION_IDS]: hostTensor('int64', [B, seq], pos),
    [ATTN_BIAS]: hostTensor('float32', [B, 1, rep * seq, keys], bias),
    [LOGIT_INDEX]: hostTensor('int64', [B], logitIndex),
  };
}
