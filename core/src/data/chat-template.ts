// Chat templates rendered with @huggingface/jinja, the same engine transformers.js uses.
// Models without a template get ChatML, which is rendered by plain string code: same output as
// the Jinja source below (a test checks), ~50× cheaper, and chat encoding renders many prefixes.
import { Template } from '@huggingface/jinja';
import type { ChatMessage } from './schemas.ts';

export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export interface ChatTemplateOptions {
  /** Jinja source, e.g. `chat_template` from tokenizer_config.json; default ChatML. */
  template?: string;
  bosToken?: string;
  eosToken?: string;
  /** Extra variables the template may read. */
  context?: Record<string, unknown>;
  /** Render ChatML with string code instead of Jinja (default true; false is for tests). */
  native?: boolean;
}

const IM_END = '<|im_end|>';

export class ChatTemplate {
  private readonly template?: Template;
  private readonly vars: Record<string, unknown>;

  constructor(opts: ChatTemplateOptions = {}) {
    const source = opts.template ?? CHATML_TEMPLATE;
    if (source !== CHATML_TEMPLATE || opts.native === false) this.template = new Template(source);
    this.vars = { bos_token: opts.bosToken ?? '', eos_token: opts.eosToken ?? '', ...opts.context };
  }

  render(messages: readonly ChatMessage[], addGenerationPrompt = false): string {
    if (!this.template) return renderChatMl(messages, addGenerationPrompt);
    return this.template.render({ ...this.vars, messages, add_generation_prompt: addGenerationPrompt });
  }

  /**
   * Built-in renderer only: the text plus the char offsets start0, end0, start1, … of each
   * assistant reply (through its <|im_end|>), known by construction. They equal what the
   * incremental rendering in encodeChat finds; undefined for Jinja templates.
   */
  renderWithSpans(messages: readonly ChatMessage[]): { text: string; cuts: number[] } | undefined {
    if (this.template) return undefined;
    let text = '';
    const cuts: number[] = [];
    for (const m of messages) {
      text += `<|im_start|>${m.role}\n`;
      if (m.role === 'assistant') cuts.push(text.length, text.length + m.content.length + IM_END.length);
      text += `${m.content}${IM_END}\n`;
    }
    return { text, cuts };
  }
}

export function renderChatMl(messages: readonly ChatMessage[], addGenerationPrompt = false): string {
  let s = '';
  for (const m of messages) s += `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`;
  return addGenerationPrompt ? s + '<|im_start|>assistant\n' : s;
}
