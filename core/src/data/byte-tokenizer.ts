// A byte-level tokenizer implementing TokenizerLike: one id per UTF-8 byte (0–255), plus
// named special tokens matched literally (e.g. ChatML's <|im_start|>). For tests and benches.
import { grow } from './grow.ts';
import { utf8Length } from './source.ts';
import type { TokenizerLike } from './types.ts';

export class ByteTokenizer implements TokenizerLike {
  readonly bosTokenId: number | undefined;
  readonly eosTokenId: number;
  readonly padTokenId: number;
  private readonly specials: readonly string[];
  private readonly specialIds: readonly number[];
  private readonly specialBytes: readonly Uint8Array[];
  private readonly firstChars: readonly string[]; // distinct first code units of the specials
  private readonly startsSpecial = new Uint8Array(256); // 1 for the first byte of a special
  private readonly encoder = new TextEncoder();
  private bytes = new Uint8Array(1 << 16);
  private ids = new Int32Array(1 << 14);
  // The last encodeIds() text and the token indexes (without BOS) of its specials, in order:
  // tokenOffsets on the same text (encodeChat's case) reads them.
  private lastText = '';
  private specialPositions = new Int32Array(64);
  private specialCount = 0;
  private hit = -1; // the special nextSpecial() found

  constructor(opts: { specialTokens?: readonly string[]; bos?: boolean } = {}) {
    this.eosTokenId = 256;
    this.padTokenId = 257;
    this.bosTokenId = opts.bos ? 258 : undefined;
    this.specials = opts.specialTokens ?? ['<|im_start|>', '<|im_end|>'];
    this.specialBytes = this.specials.map((s) => this.encoder.encode(s));
    this.specials.forEach((s, i) => {
      // matched on UTF-8 bytes, which is matching on the text only for specials without lone
      // surrogates (they do not survive encoding) or U+FFFD (what a lone surrogate becomes)
      const wellFormed = new TextDecoder().decode(this.specialBytes[i]) === s && !s.includes('\ufffd');
      if (s === '' || !wellFormed) throw new RangeError(`special token ${JSON.stringify(s)}: must be non-empty, without lone surrogates or U+FFFD`);
    });
    this.specialIds = this.specials.map((_, i) => 259 + i);
    for (const b of this.specialBytes) this.startsSpecial[b[0]!] = 1;
    this.firstChars = [...new Set(this.specials.map((s) => s[0]!))];
  }

  encode(text: string, opts: { addSpecialTokens?: boolean } = {}): number[] {
    return Array.from(this.encodeIds(text, opts));
  }

  /**
   * The ids straight into an Int32Array: no number[] for the caller to copy. The array is a
   * view of a buffer the next call reuses (see TokenizerLike.encodeIds). The text is encoded
   * natively in one call and copied into the ids (Uint8 → Int32 widening in set()); each
   * special's bytes are then collapsed into its id in place.
   */
  encodeIds(text: string, opts: { addSpecialTokens?: boolean } = {}): Int32Array {
    const bos = opts.addSpecialTokens && this.bosTokenId !== undefined ? 1 : 0;
    if (this.bytes.length < text.length * 3) this.bytes = new Uint8Array(text.length * 3);
    const bytes = this.bytes;
    const written = this.encoder.encodeInto(text, bytes).written;
    if (this.ids.length < written + bos) this.ids = new Int32Array(Math.max(written + bos, 2 * this.ids.length));
    const ids = this.ids;
    if (bos) ids[0] = this.bosTokenId!;
    ids.set(bytes.subarray(0, written), bos);
    this.lastText = text;
    this.specialCount = 0;
    const n = this.mayContainSpecial(text) ? this.collapseSpecials(bytes, written, ids, bos) : bos + written;
    return ids.subarray(0, n);
  }

  /**
   * Token offsets of char positions in encode(text) (no BOS): the tokens up to the last special
   * before each cut, plus the UTF-8 bytes from its end to the cut. Undefined when a cut falls
   * inside a special or a surrogate pair, where encoding the pieces would not reproduce the whole.
   */
  tokenOffsets(text: string, cuts: readonly number[]): number[] | undefined {
    if (text !== this.lastText) this.encodeIds(text);
    const out: number[] = [];
    let pos = 0; // chars before pos are counted in tokens
    let tokens = 0;
    let s = 0; // specials passed
    let k = 0;
    while (k < cuts.length) {
      const at = this.nextSpecial(text, pos);
      for (; k < cuts.length && cuts[k]! <= at; k++) {
        const c = cuts[k]!;
        if (c < pos || splitsPair(text, c)) return undefined;
        tokens += utf8Length(text, pos, c);
        pos = c;
        out.push(tokens);
      }
      if (this.hit < 0) return k < cuts.length ? undefined : out;
      const end = at + this.specials[this.hit]!.length;
      if (k < cuts.length && cuts[k]! < end) return undefined;
      // the s-th special in the text is the s-th one encodeIds collapsed
      if (s >= this.specialCount) throw new Error(`ByteTokenizer: special ${s} of the text was not found in its bytes`);
      tokens = this.specialPositions[s]! + 1;
      s++;
      pos = end;
    }
    return out;
  }

  private mayContainSpecial(text: string): boolean {
    for (const c of this.firstChars) if (text.includes(c)) return true;
    return false;
  }

  /**
   * Replaces every special's bytes in ids (which hold the text's bytes from index `at`) by its
   * id, moving the bytes after it down; returns the end. Specials are found left to right, the
   * first listed winning at a position, as a scan of the text would find them: UTF-8 matches
   * can only start and end on char boundaries.
   */
  private collapseSpecials(bytes: Uint8Array, written: number, ids: Int32Array, at: number): number {
    let w = at; // next id to write
    let r = 0; // bytes before r are placed
    for (let p = 0; p < written; p++) {
      if (this.startsSpecial[bytes[p]!] === 0) continue;
      const k = this.specialAt(bytes, p, written);
      if (k < 0) continue;
      if (w !== r + at) ids.copyWithin(w, r + at, p + at);
      w += p - r;
      if (this.specialCount === this.specialPositions.length) this.specialPositions = grow(this.specialPositions, 2 * this.specialCount);
      this.specialPositions[this.specialCount++] = w - at;
      ids[w++] = this.specialIds[k]!;
      r = p + this.specialBytes[k]!.length;
      p = r - 1;
    }
    if (w !== r + at) ids.copyWithin(w, r + at, written + at);
    return w + written - r;
  }

  /** The first listed special whose bytes start at p, or -1. */
  private specialAt(bytes: Uint8Array, p: number, written: number): number {
    for (let k = 0; k < this.specialBytes.length; k++) {
      const sb = this.specialBytes[k]!;
      if (p + sb.length > written) continue;
      let i = 0;
      while (i < sb.length && bytes[p + i] === sb[i]) i++;
      if (i === sb.length) return k;
    }
    return -1;
  }

  /** Char position of the first special at or after pos (the earliest; ties go to the first listed), its index in this.hit; text.length and -1 when none. */
  private nextSpecial(text: string, pos: number): number {
    let at = text.length;
    this.hit = -1;
    for (let k = 0; k < this.specials.length; k++) {
      const i = text.indexOf(this.specials[k]!, pos);
      if (i >= 0 && i < at) {
        at = i;
        this.hit = k;
      }
    }
    return at;
  }
}

function splitsPair(s: string, c: number): boolean {
  if (c <= 0 || c >= s.length) return false;
  const hi = s.charCodeAt(c - 1);
  const lo = s.charCodeAt(c);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/** Factory for pipeline workers: `workerTokenizer: { module: BYTE_TOKENIZER_MODULE, options }`. */
export function createTokenizer(opts?: ConstructorParameters<typeof ByteTokenizer>[0]): ByteTokenizer {
  return new ByteTokenizer(opts);
}

export const BYTE_TOKENIZER_MODULE: string = import.meta.url;
