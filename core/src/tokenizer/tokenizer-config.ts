// tokenizer_config.json: special tokens and the chat template (a trust boundary: user folders).
import { z } from 'zod';

/** Special tokens appear as plain strings or as AddedToken objects. */
const TokenRef = z.union([z.string(), z.looseObject({ content: z.string() })]).nullish()
  .transform((t) => (t == null ? null : typeof t === 'string' ? t : t.content));

const NamedTemplate = z.object({ name: z.string(), template: z.string() });

export const TokenizerConfig = z.looseObject({
  bos_token: TokenRef,
  eos_token: TokenRef,
  pad_token: TokenRef,
  unk_token: TokenRef,
  additional_special_tokens: z.array(TokenRef).nullish(),
  chat_template: z.union([z.string(), z.array(NamedTemplate)]).nullish(),
  clean_up_tokenization_spaces: z.boolean().nullish(),
  model_max_length: z.number().nullish(),
});
export type TokenizerConfig = z.output<typeof TokenizerConfig>;

export function parseTokenizerConfig(json: unknown, source = 'tokenizer_config.json'): TokenizerConfig {
  const r = TokenizerConfig.safeParse(json ?? {});
  if (!r.success) throw new Error(`${source}: ${z.prettifyError(r.error)}`);
  return r.data;
}

/** The chat template: a string, or the one named 'default' from a list of named templates. */
export function pickChatTemplate(t: TokenizerConfig['chat_template']): string | null {
  if (t == null) return null;
  if (typeof t === 'string') return t;
  return (t.find((x) => x.name === 'default') ?? t[0])?.template ?? null;
}
