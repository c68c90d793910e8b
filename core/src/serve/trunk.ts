import type { Value } from '../graph/index.ts';

export interface TrunkInputs {
  readonly inputIds: Value; // [B, T]
  readonly positionIds: Value; // [B, T]
  readonly bias: Value; // [B, 1, rep*T, P+T]
}

export interface TrunkOutput {
  /** Final normalized hidden states [B, T, C]. */
  readonly hidden: Value;
  /** Per layer, the new tokens' keys and values [B, KVH, T, D]. */
  readonly present: { k: Value; v: Value }[];
}
