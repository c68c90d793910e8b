// A thin, typed wrapper over @huggingface/tokenizers with the ids our models need.
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { parseTokenizerConfig, pickChatTemplate } from './tokenizer-config.ts';

export interface EncodeOptions {
  /** Apply the tokenizer's post-processor (BOS/EOS templates). Default true, as in transformers. */
  readonly addSpecialTokens?: boolean;
}

export interface DecodeOptions {
  readonly skipSpecialTokens?: boolean;
}

/** Ids to fall back on when tokenizer_config.json does not name them (from config.json). */
export interface FallbackIds {
  readonly bos?: number | null;
  readonly eos?: number | number[] | null;
  readonly pad?: number | null;
}

export interface TokenizerSources {
  readonly tokenizerJson: unknown;
  readonly tokenizerConfig?: unknown;
  /** chat_template.jinja, which takes precedence over tokenizer_config's chat_template. */
  readonly chatTemplate?: string | null;
  readonly fallbackIds?: FallbackIds;
}

export class Tokenizer {
  readonly vocabSize: number;
  readonly bosTokenId: number | null;
  readonly eosTokenId: number | null;
  readonly eosTokenIds: readonly number[];
  readonly padTokenId: number | null;
  readonly chatTemplate: string | null;
  readonly specialTokenIds: ReadonlySet<number>;
  private readonly hf: HfTokenizer;

  constructor(sources: TokenizerSources) {
    const cfg = parseTokenizerConfig(sources.tokenizerConfig);
    // transformers 5 does not clean up spaces unless asked; the JS library defaults to true.
    this.hf = new HfTokenizer(sources.tokenizerJson as object, {
      ...cfg,
      additional_special_tokens: (cfg.additional_special_tokens ?? []).filter((t) => t !== null),
      clean_up_tokenization_spaces: cfg.clean_up_tokenization_spaces ?? false,
    });
    let maxId = -1;
    for (const id of this.hf.get_vocab(true).values()) if (id > maxId) maxId = id;
    this.vocabSize = maxId + 1;
    const idOf = (t: string | null) => (t === null ? null : (this.hf.token_to_id(t) ?? null));
    const fb = sources.fallbackIds ?? {};
    const fbEos = fb.eos == null ? [] : Array.isArray(fb.eos) ? fb.eos : [fb.eos];
    const eos = idOf(cfg.eos_token);
    this.bosTokenId = idOf(cfg.bos_token) ?? fb.bos ?? null;
    this.eosTokenIds = eos !== null ? [eos, ...fbEos.filter((x) => x !== eos)] : fbEos;
    this.eosTokenId = this.eosTokenIds[0] ?? null;
    this.padTokenId = idOf(cfg.pad_token) ?? fb.pad ?? null;
    this.chatTemplate = sources.chatTemplate ?? pickChatTemplate(cfg.chat_template);
    this.specialTokenIds = new Set([...this.hf.get_added_tokens_decoder()].filter(([, t]) => t.special).map(([id]) => id));
  }

  encode(text: string, options: EncodeOptions = {}): number[] {
    return this.hf.encode(text, { add_special_tokens: options.addSpecialTokens ?? true }).ids;
  }

  /** Ids with no token (a model vocab padded past the tokenizer's) are dropped, as the Rust library does. */
  decode(ids: ArrayLike<number | bigint>, options: DecodeOptions = {}): string {
    const known: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = Number(ids[i]);
      if (!Number.isInteger(id)) throw new Error(`decode: id ${String(ids[i])} is not an integer`);
      if (this.hf.id_to_token(id) !== undefined) known.push(id);
    }
    if (known.length === 0) return '';
    return this.hf.decode(known, { skip_special_tokens: options.skipSpecialTokens ?? false });
  }

  tokenToId(token: string): number | undefined {
    return this.hf.token_to_id(token);
  }

  idToToken(id: number): string | undefined {
    return this.hf.id_to_token(id);
  }
}
