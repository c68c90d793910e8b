// Encoder-style task encodings: one target per example (classification, regression) or one
// tag per word (tagging, labelled on the word's first sub-token only, like HF token classification).
import { encodeUnlabelled } from './encode-lm.ts';
import { copyExample, exampleArrays, type Encoded, type ExampleAlloc } from './example.ts';
import type { LabelVocab } from './label-vocab.ts';
import { IGNORE_INDEX, type TokenizerLike } from './types.ts';

export type TargetEncoded = Encoded & { target: number };

/** input_ids: [T] with special tokens; labels all ignored; target = class index. */
export function encodeClassification(text: string, label: string | number, tok: TokenizerLike, vocab: LabelVocab, alloc: ExampleAlloc = exampleArrays): TargetEncoded {
  const target = vocab.id(label);
  return { ...encodeUnlabelled(tok, text, true, alloc), target };
}

export function encodeRegression(text: string, value: number, tok: TokenizerLike, alloc: ExampleAlloc = exampleArrays): TargetEncoded {
  return { ...encodeUnlabelled(tok, text, true, alloc), target: value };
}

/**
 * Words are encoded one at a time (with a leading space after the first word, as a
 * byte-level BPE sees running text) so sub-tokens map back to words exactly.
 * BOS/EOS from the tokenizer interface wrap the sequence and are ignored by the loss.
 */
export function encodeTagging(tokens: readonly string[], tags: readonly string[], tok: TokenizerLike, tagVocab: LabelVocab, wordPrefix = ' ', alloc: ExampleAlloc = exampleArrays): Encoded {
  const ids: number[] = [];
  const labels: number[] = [];
  if (tok.bosTokenId !== undefined) {
    ids.push(tok.bosTokenId);
    labels.push(IGNORE_INDEX);
  }
  tokens.forEach((word, w) => {
    const sub = tok.encode(w === 0 ? word : wordPrefix + word, { addSpecialTokens: false });
    const tag = tagVocab.id(tags[w]!, `tags.${w}`);
    sub.forEach((id, k) => {
      ids.push(id);
      labels.push(k === 0 ? tag : IGNORE_INDEX);
    });
  });
  if (tok.eosTokenId !== undefined) {
    ids.push(tok.eosTokenId);
    labels.push(IGNORE_INDEX);
  }
  return copyExample(ids, labels, alloc);
}
