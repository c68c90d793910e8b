// Text from a stream of token ids, the way vLLM detokenizes incrementally: each new token
// re-decodes only a short window (from the previous text boundary), not the whole output, and
// the text it adds is the window's decode minus the window's text before the token. A decode
// that ends in U+FFFD may be half a character, so it waits for the next token; at the end it
// is emitted as it is, like the whole output's decode. A decoder whose text for earlier tokens
// changes with later ones (cleanup of " ." to ".") never stalls the stream or loses text; the
// streamed text may then differ from the whole decode by the rewrite (vLLM's drops text there).
export type DecodeIds = (ids: readonly number[]) => string;

export class TextStream {
  private readonly tokens: number[] = [];
  private start = 0; // the window's first token
  private read = 0; // tokens whose text has been returned

  constructor(private readonly decode: DecodeIds) {}

  /** The text this token completes; '' while it may be part of an unfinished character. */
  push(token: number): string {
    this.tokens.push(token);
    return this.advance(false);
  }

  /** At the end of the output: the text held back, if any. */
  end(): string {
    return this.advance(true);
  }

  private advance(final: boolean): string {
    const before = this.read > this.start ? this.decode(this.tokens.slice(this.start, this.read)) : '';
    const now = this.decode(this.tokens.slice(this.start));
    if (!final && now.endsWith('\uFFFD')) return '';
    // text already streamed cannot be taken back: what changed in it is streamed again
    const same = commonPrefix(before, now);
    if (now.length <= same) return '';
    this.start = this.read;
    this.read = this.tokens.length;
    return now.slice(same);
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
