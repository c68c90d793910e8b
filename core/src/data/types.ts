// Shared types of the data pipeline. The tokenizer is a structural interface so that data/
// does not depend on core/tokenizer; any object with `encode` works (HF tokenizers, the bench's byte tokenizer).
import type { RecordKind } from './schemas.ts';

export interface TokenizerLike {
  encode(text: string, opts?: { addSpecialTokens?: boolean }): number[];
  /**
   * Optional: same ids as encode() as an Int32Array (skips the number[] the hot path would
   * copy). It may be a view of a buffer the tokenizer reuses, valid until its next call: the
   * encoders copy it into the example at once.
   */
  encodeIds?(text: string, opts?: { addSpecialTokens?: boolean }): Int32Array;
  /**
   * Optional: the token offsets of char positions `cuts` (ascending) in encode(text), when the
   * tokenizer knows them exactly without re-encoding (undefined: the caller works them out).
   */
  tokenOffsets?(text: string, cuts: readonly number[]): number[] | undefined;
  eosTokenId?: number;
  bosTokenId?: number;
}

/** Label value that the loss ignores (PyTorch/HF convention). */
export const IGNORE_INDEX = -100;

export type SplitName = 'train' | 'validation' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

/** Anything that yields chunks: a Node Readable, a web ReadableStream (Node ≥ 20), an array of strings. */
export type ChunkSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/**
 * One tokenized example.
 * input_ids: [T]
 * labels:    [T] aligned with input_ids, NOT shifted. For causal LM kinds (completion, chat, qa)
 *            the loss shifts (logits[t] predicts labels[t+1]); for tagging labels[t] is the tag
 *            index of token t. IGNORE_INDEX marks positions without a target.
 * target:    classification class index or regression value (one per example).
 * The encoders put input_ids and labels in one ArrayBuffer (exampleArrays in example.ts):
 * transferring either's buffer moves both.
 */
export interface EncodedExample {
  kind: RecordKind;
  input_ids: Int32Array;
  labels: Int32Array;
  target?: number;
}
