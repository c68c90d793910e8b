// Generates a byte-level BPE tokenizer.json of an exact vocabulary size, in the layout the
// Hugging Face `tokenizers` library writes (the fixtures use the same one).
import { byteAlphabet } from './byte-level.ts';
import { TINY_CORPUS } from './tiny-corpus.ts';
import { learnMerges } from './train-bpe.ts';

export const END_OF_TEXT = '<|endoftext|>';

export interface ByteLevelBpeOptions {
  /** Total ids, special token included; at least 257 (special + 256 bytes). */
  readonly vocabSize: number;
  /** Text the first merges are learned from. */
  readonly corpus?: string;
  /** The special token at id 0, used as bos/eos. */
  readonly specialToken?: string;
}

/**
 * Ids: 0 the special token, 1..256 the byte alphabet, then one id per merge. Merges are learned
 * from the corpus first, then filled with deterministic synthetic ones (token + byte symbol)
 * until the vocabulary is exactly `vocabSize`.
 */
export function buildByteLevelBpe(options: ByteLevelBpeOptions): Record<string, unknown> {
  const { vocabSize, corpus = TINY_CORPUS, specialToken = END_OF_TEXT } = options;
  if (!Number.isInteger(vocabSize) || vocabSize < 257) {
    throw new Error(`byte-level BPE needs vocabSize >= 257 (1 special token + 256 bytes), got ${vocabSize}`);
  }
  const tokens: string[] = [specialToken, ...byteAlphabet()];
  const known = new Set(tokens);
  const merges: [string, string][] = [];
  const add = (a: string, b: string) => {
    const t = a + b;
    if (known.has(t)) return;
    known.add(t);
    tokens.push(t);
    merges.push([a, b]);
  };
  const wanted = vocabSize - tokens.length;
  for (const [a, b] of learnMerges(corpus, wanted)) add(a, b);
  const alphabet = byteAlphabet();
  // Filler: every token (the list grows as we go, so it never runs dry) extended by each byte symbol.
  for (let i = 1; merges.length < wanted; i++) {
    const left = tokens[i]!;
    for (let j = 0; j < alphabet.length && merges.length < wanted; j++) add(left, alphabet[j]!);
  }
  const vocab: Record<string, number> = {};
  tokens.forEach((t, id) => Object.defineProperty(vocab, t, { value: id, enumerable: true, writable: true }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [{ id: 0, content: specialToken, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges,
    },
  };
}
