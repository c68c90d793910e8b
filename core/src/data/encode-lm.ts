// Causal-LM encodings with loss masks: labels are IGNORE_INDEX on prompt tokens, so only the
// completion (or the assistant turns) is trained on. Labels are unshifted (see types.ts).
import type { ChatTemplate } from './chat-template.ts';
import type { ChatMessage } from './schemas.ts';
import { IGNORE_INDEX, type TokenizerLike } from './types.ts';
import type { Encoded } from './truncate.ts';

export interface LmOptions {
  /** Append tokenizer.eosTokenId after the completion (default true when it exists). */
  appendEos?: boolean;
}

/** [prompt tokens (with the tokenizer's special prefix, e.g. BOS)] + [completion tokens] + [EOS]. */
export function encodeCompletion(prompt: string, completion: string, tok: TokenizerLike, opts: LmOptions = {}): Encoded {
  const p = tok.encode(prompt, { addSpecialTokens: true });
  const c = tok.encode(completion, { addSpecialTokens: false });
  const eos = opts.appendEos !== false && tok.eosTokenId !== undefined ? 1 : 0;
  const n = p.length + c.length + eos;
  const input_ids = new Int32Array(n);
  const labels = new Int32Array(n).fill(IGNORE_INDEX, 0, p.length);
  input_ids.set(p);
  input_ids.set(c, p.length);
  labels.set(c, p.length);
  if (eos) input_ids[n - 1] = labels[n - 1] = tok.eosTokenId!;
  return { input_ids, labels };
}

/**
 * Chat with a template. The template renders the whole conversation once; the assistant spans
 * are found by rendering incrementally: for assistant turn i, the prefix messages[0..i) with
 * add_generation_prompt=true ends where the reply starts, and messages[0..i] ends where it
 * stops. The token offsets of both boundaries are the lengths of those prefixes' encodings
 * (templates are prefix-stable, and tokenizers do not merge across the special tokens that
 * separate turns). If a prefix's encoding is not a prefix of the full encoding, the boundary
 * falls back to the longest common prefix. The span includes the turn's end token
 * (e.g. <|im_end|>), so the model learns to stop; trailing whitespace after it is not trained.
 */
export function encodeChat(messages: readonly ChatMessage[], tok: TokenizerLike, template: ChatTemplate): Encoded {
  const full = template.render(messages, false);
  const ids = tok.encode(full, { addSpecialTokens: false });
  const input_ids = Int32Array.from(ids);
  const labels = new Int32Array(ids.length).fill(IGNORE_INDEX);
  for (let i = 0; i < messages.length; i++) {
    if (messages[i]!.role !== 'assistant') continue;
    const start = tokenOffset(template.render(messages.slice(0, i), true), full, ids, tok);
    const end = tokenOffset(template.render(messages.slice(0, i + 1), false).trimEnd(), full, ids, tok);
    for (let t = start; t < end; t++) labels[t] = ids[t]!;
  }
  return { input_ids, labels };
}

function tokenOffset(prefix: string, full: string, ids: readonly number[], tok: TokenizerLike): number {
  if (prefix.length === 0) return 0;
  if (prefix.length >= full.length) return ids.length;
  const p = tok.encode(prefix, { addSpecialTokens: false });
  let k = 0;
  while (k < p.length && k < ids.length && p[k] === ids[k]) k++;
  return k;
}
