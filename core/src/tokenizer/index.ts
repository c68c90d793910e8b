export { Tokenizer, type DecodeOptions, type EncodeOptions, type FallbackIds, type TokenizerSources } from './tokenizer.ts';
export { loadTokenizer } from './load.ts';
export { parseTokenizerConfig, pickChatTemplate, type TokenizerConfig } from './tokenizer-config.ts';
export { buildByteLevelBpe, END_OF_TEXT, type ByteLevelBpeOptions } from './build-bpe.ts';
export { bytesToUnicode, byteAlphabet, byteLevelWords } from './byte-level.ts';
export { learnMerges } from './train-bpe.ts';
