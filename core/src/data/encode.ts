// Encodes any validated record for training: picks the kind's encoding, then truncates.
import { ChatTemplate } from './chat-template.ts';
import { encodeChat, encodeCompletion } from './encode-lm.ts';
import { encodeClassification, encodeRegression, encodeTagging } from './encode-tasks.ts';
import { exampleArrays, type ExampleAlloc } from './example.ts';
import { LabelVocab } from './label-vocab.ts';
import type { AnyRecord, QaRecord } from './schemas.ts';
import { truncate, type TruncationSide } from './truncate.ts';
import type { EncodedExample, TokenizerLike } from './types.ts';

export interface EncodeOptions {
  tokenizer: TokenizerLike;
  /** Jinja chat template (tokenizer_config.json `chat_template`); default ChatML. */
  chatTemplate?: string;
  /** Token strings the chat template may reference as bos_token / eos_token. */
  bosToken?: string;
  eosToken?: string;
  maxLength?: number;
  /** Default 'right' (keep the start); 'left' keeps the end. */
  truncation?: TruncationSide;
  appendEos?: boolean;
  /** Class names in index order; without it indices follow first appearance. */
  labels?: readonly string[];
  /** BIO tag names in index order; without it indices follow first appearance. */
  tags?: readonly string[];
  /** How a qa record becomes a prompt (its answer is the completion). */
  qaPrompt?: (r: QaRecord) => string;
}

export const defaultQaPrompt = (r: QaRecord): string =>
  (r.context !== undefined ? `Context: ${r.context}\n` : '') + `Question: ${r.question}\nAnswer: `;

export class Encoder {
  readonly labelVocab: LabelVocab;
  readonly tagVocab: LabelVocab;
  private readonly opts: EncodeOptions;
  private readonly alloc: ExampleAlloc;
  private chat?: ChatTemplate;

  /**
   * use.labels / use.tags: shared or custom vocabularies (default: from opts.labels / opts.tags);
   * use.alloc: where examples' arrays come from (default: an ArrayBuffer each).
   */
  constructor(opts: EncodeOptions, use: { labels?: LabelVocab; tags?: LabelVocab; alloc?: ExampleAlloc } = {}) {
    this.opts = opts;
    this.labelVocab = use.labels ?? new LabelVocab(opts.labels ?? []);
    this.tagVocab = use.tags ?? new LabelVocab(opts.tags ?? []);
    this.alloc = use.alloc ?? exampleArrays;
  }

  encode(rec: AnyRecord): EncodedExample {
    const tok = this.opts.tokenizer;
    const alloc = this.alloc;
    const lm = { appendEos: this.opts.appendEos };
    let ex: Omit<EncodedExample, 'kind'>;
    switch (rec.kind) {
      case 'completion':
        ex = encodeCompletion(rec.data.prompt, rec.data.completion, tok, lm, alloc);
        break;
      case 'qa':
        ex = encodeCompletion((this.opts.qaPrompt ?? defaultQaPrompt)(rec.data), rec.data.answer, tok, lm, alloc);
        break;
      case 'chat':
        this.chat ??= new ChatTemplate({ template: this.opts.chatTemplate, bosToken: this.opts.bosToken, eosToken: this.opts.eosToken });
        ex = encodeChat(rec.data.messages, tok, this.chat, alloc);
        break;
      case 'classification':
        ex = encodeClassification(rec.data.text, rec.data.label, tok, this.labelVocab, alloc);
        break;
      case 'regression':
        ex = encodeRegression(rec.data.text, rec.data.value, tok, alloc);
        break;
      case 'tagging':
        ex = encodeTagging(rec.data.tokens, rec.data.tags, tok, this.tagVocab, ' ', alloc);
        break;
    }
    return { kind: rec.kind, ...truncate(ex, this.opts.maxLength, this.opts.truncation, alloc) };
  }
}

/**
 * The label names a record introduces, in order: its class label, or its distinct tags.
 * Registering them when a record is kept fixes label indices in file order, whichever thread
 * encodes the record and whenever.
 */
export function labelKeys(rec: AnyRecord): (string | number)[] {
  if (rec.kind === 'classification') return [rec.data.label];
  if (rec.kind === 'tagging') return [...new Set(rec.data.tags)];
  return [];
}

/** True when a causal-LM or tagging example has no position with a target left (e.g. after truncation). */
export function hasTrainableTokens(ex: EncodedExample): boolean {
  if (ex.target !== undefined) return ex.input_ids.length > 0;
  for (let i = 0; i < ex.labels.length; i++) if (ex.labels[i] !== -100) return true;
  return false;
}
