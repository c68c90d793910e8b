/** Turns token ids into text, for string stop sequences. */
export type Detokenize = (ids: readonly number[]) => string;

export interface StopStep {
  /** Tokens now safe to stream (never part of a stop sequence). */
  readonly release: number[];
  readonly stopped: boolean;
}

/**
 * Stop sequences over a stream of tokens. Tokens that might begin a stop sequence are held back until
 * they cannot, so a stop sequence is never streamed; token-id sequences match ids, strings match the
 * detokenized text (tokens whose text overlaps a match are withheld).
 *
 * Strings are matched in the text of a window: the held-back tokens plus `context` released ones
 * before them (more if the window would begin inside a character). A stop string cannot begin in
 * released text (its start would have been held), and the context keeps a decoder's spacing at
 * the start of a decode away from the held text. So each token decodes a few tokens, not the
 * whole output: decoding it all made a 4k-token reply spend about a second in stop matching.
 */
export class StopMatcher {
  private readonly out: number[] = [];
  private released = 0;
  private readonly context: number;

  constructor(
    private readonly ids: readonly (readonly number[])[],
    private readonly strings: readonly string[],
    private readonly detokenize?: Detokenize,
    /** context: released tokens decoded before the held ones (default 8; Infinity decodes all). */
    opts: { context?: number } = {},
  ) {
    if (strings.length > 0 && !detokenize) throw new Error('string stop sequences need a detokenizer');
    this.context = opts.context ?? 8;
  }

  push(token: number): StopStep {
    this.out.push(token);
    const n = this.out.length;
    let keep = n; // tokens [0, keep) may be released
    for (const s of this.ids) {
      if (endsWith(this.out, s)) return this.finish(n - s.length);
      for (let k = Math.min(s.length - 1, n); k > 0; k--) {
        if (startsWith(s, this.out.slice(n - k))) {
          keep = Math.min(keep, n - k);
          break;
        }
      }
    }
    if (this.strings.length > 0) {
      let from = Math.max(0, this.released - this.context); // the window's first token
      let text = this.detokenize!(this.out.slice(from));
      // a window that begins inside a character decodes its tail as U+FFFD, which could match (or
      // hide) a stop: begin it up to 3 tokens earlier, enough for the longest UTF-8 character
      for (let back = 0; back < 3 && from > 0 && text.startsWith('\uFFFD'); back++) text = this.detokenize!(this.out.slice(--from));
      for (const s of this.strings) {
        const at = text.indexOf(s);
        if (at >= 0) return this.finish(this.tokensBefore(from, at));
      }
      let hold = 0; // longest text suffix that begins a stop string
      for (const s of this.strings) for (let c = Math.min(s.length - 1, text.length); c > hold; c--) if (text.endsWith(s.slice(0, c))) hold = c;
      if (hold > 0) keep = Math.min(keep, this.tokensBefore(from, text.length - hold));
    }
    return this.releaseTo(keep, false);
  }

  /** At the end of generation (length, EOS): everything held back is safe. */
  flush(): number[] {
    return this.releaseTo(this.out.length, true).release;
  }

  private finish(end: number): StopStep {
    return this.releaseTo(end, true);
  }

  private releaseTo(end: number, stopped: boolean): StopStep {
    const release = end > this.released ? this.out.slice(this.released, end) : [];
    this.released = Math.max(this.released, end);
    return { release, stopped };
  }

  /** The most tokens whose text, decoded from token `from`, ends at or before character `chars`. */
  private tokensBefore(from: number, chars: number): number {
    let k = this.out.length;
    while (k > from && this.detokenize!(this.out.slice(from, k)).length > chars) k--;
    return k;
  }
}

const endsWith = (a: readonly number[], s: readonly number[]) => a.length >= s.length && s.every((t, i) => a[a.length - s.length + i] === t);
const startsWith = (s: readonly number[], p: readonly number[]) => p.length <= s.length && p.every((t, i) => s[i] === t);
