// Causal-LM encodings with loss masks: labels are IGNORE_INDEX on prompt tokens, so only the
// completion (or the assistant turns) is trained on. Labels are unshifted (see types.ts).
import type { ChatTemplate } from './chat-template.ts';
import type { ChatMessage } from './schemas.ts';
import { IGNORE_INDEX, type TokenizerLike } from './types.ts';
import { exampleArrays, type Encoded, type ExampleAlloc } from './example.ts';

export interface LmOptions {
  /** Append tokenizer.eosTokenId after the completion (default true when it exists). */
  appendEos?: boolean;
}

/** [prompt tokens (with the tokenizer's special prefix, e.g. BOS)] + [completion tokens] + [EOS]. */
export function encodeCompletion(prompt: string, completion: string, tok: TokenizerLike, opts: LmOptions = {}, alloc: ExampleAlloc = exampleArrays): Encoded {
  const p = hold(encodeIds(tok, prompt, true)); // the next call may reuse the tokenizer's buffer
  const c = encodeIds(tok, completion, false);
  const eos = opts.appendEos !== false && tok.eosTokenId !== undefined ? 1 : 0;
  const n = p.length + c.length + eos;
  const { input_ids, labels } = alloc(n);
  labels.fill(IGNORE_INDEX, 0, p.length);
  input_ids.set(p);
  input_ids.set(c, p.length);
  labels.set(c, p.length);
  if (eos) input_ids[n - 1] = labels[n - 1] = tok.eosTokenId!;
  return { input_ids, labels };
}

/**
 * Chat with a template. The template renders the whole conversation once; the assistant spans
 * are found by rendering incrementally: for assistant turn i, the prefix messages[0..i) with
 * add_generation_prompt=true ends where the reply starts, and messages[0..i] (trailing
 * whitespace trimmed) ends where it stops, so the span includes the turn's end token
 * (e.g. <|im_end|>) and the model learns to stop. Templates that are not prefix-stable (e.g.
 * ones that rewrite earlier turns) fall back to locating the reply text in the full render,
 * extended by the closing text the prefix render puts after it.
 *
 * Character offsets become token offsets in one of two ways:
 *  - fast: encode the text between consecutive boundaries separately; if the concatenation
 *    equals the encoding of the whole text (the usual case: turns are separated by special
 *    tokens that tokenizers never merge across), the boundaries are the running lengths;
 *  - exact: otherwise, each boundary is the length of the longest common prefix of the
 *    encoding of the text before it and the encoding of the whole text.
 * Either way input_ids is the encoding of the whole rendered conversation.
 */
export function encodeChat(messages: readonly ChatMessage[], tok: TokenizerLike, template: ChatTemplate, alloc: ExampleAlloc = exampleArrays): Encoded {
  const known = template.renderWithSpans(messages); // built-in ChatML: spans known by construction
  const full = known?.text ?? template.render(messages, false);
  const { input_ids: ids, labels } = encodeUnlabelled(tok, full, false, alloc);
  const cuts = known?.cuts ?? assistantCharSpans(messages, template, full);
  if (cuts.length === 0) return { input_ids: ids, labels };
  // the tokenizer may know the offsets without the second, piecewise encoding
  const offsets = tok.tokenOffsets?.(full, cuts) ?? segmentOffsets(full, cuts, ids, tok) ?? cuts.map((c) => prefixOffset(full.slice(0, c), ids, tok));
  for (let k = 0; k < offsets.length; k += 2) labels.set(ids.subarray(offsets[k]!, offsets[k + 1]!), offsets[k]!);
  return { input_ids: ids, labels };
}

/** Char offsets in `full`: start0, end0, start1, end1, … of the assistant turns. */
function assistantCharSpans(messages: readonly ChatMessage[], template: ChatTemplate, full: string): number[] {
  const cuts: number[] = [];
  let from = 0;
  for (let i = 0; i < messages.length; i++) {
    if (messages[i]!.role !== 'assistant') continue;
    const p = template.render(messages.slice(0, i), true);
    const q = template.render(messages.slice(0, i + 1), false).trimEnd();
    let start = p.length;
    let end = q.length;
    if (!(end >= start && start >= from && full.startsWith(p) && full.startsWith(q))) {
      const content = messages[i]!.content;
      const at = content === '' ? -1 : full.indexOf(content, from);
      if (at < 0) continue; // the template dropped or rewrote this reply
      start = at;
      end = at + content.length;
      const inQ = q.lastIndexOf(content);
      const closing = inQ >= 0 ? q.slice(inQ + content.length) : '';
      if (closing !== '' && full.startsWith(closing, end)) end += closing.length;
    }
    cuts.push(start, end);
    from = end;
  }
  return cuts;
}

/** Token offsets of the char cuts when encoding the pieces between them reproduces `ids`. */
function segmentOffsets(full: string, cuts: number[], ids: ArrayLike<number>, tok: TokenizerLike): number[] | undefined {
  const offsets: number[] = [];
  let prev = 0;
  let t = 0;
  for (const c of [...cuts, full.length]) {
    for (const id of tok.encode(full.slice(prev, c), { addSpecialTokens: false })) {
      if (ids[t++] !== id) return undefined;
    }
    offsets.push(t);
    prev = c;
  }
  if (t !== ids.length) return undefined;
  offsets.pop();
  return offsets;
}

function prefixOffset(prefix: string, ids: ArrayLike<number>, tok: TokenizerLike): number {
  if (prefix.length === 0) return 0;
  const p = tok.encode(prefix, { addSpecialTokens: false });
  let k = 0;
  while (k < p.length && k < ids.length && p[k] === ids[k]) k++;
  return k;
}

/** The text's ids with every label ignored (the caller labels what is trained on). */
export function encodeUnlabelled(tok: TokenizerLike, text: string, addSpecialTokens: boolean, alloc: ExampleAlloc = exampleArrays): Encoded {
  const ids = encodeIds(tok, text, addSpecialTokens);
  const ex = alloc(ids.length);
  ex.input_ids.set(ids);
  ex.labels.fill(IGNORE_INDEX);
  return ex;
}

/**
 * The tokenizer's ids as an Int32Array, through its encodeIds fast path when it has one. Valid
 * until the tokenizer's next call (see TokenizerLike.encodeIds).
 */
function encodeIds(tok: TokenizerLike, text: string, addSpecialTokens: boolean): Int32Array {
  return tok.encodeIds ? tok.encodeIds(text, { addSpecialTokens }) : Int32Array.from(tok.encode(text, { addSpecialTokens }));
}

let held = new Int32Array(1 << 12);

/** A copy of ids that outlives the tokenizer's next call, in a buffer reused by the next hold(). */
function hold(ids: Int32Array): Int32Array {
  if (held.length < ids.length) held = new Int32Array(Math.max(ids.length, 2 * held.length));
  held.set(ids);
  return held.subarray(0, ids.length);
}
