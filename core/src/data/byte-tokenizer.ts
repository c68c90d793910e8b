// A byte-level tokenizer implementing TokenizerLike: one id per UTF-8 byte (0–255), plus
// named special tokens matched literally (e.g. ChatML's <|im_start|>). For tests and benches.
import type { TokenizerLike } from './types.ts';

export class ByteTokenizer implements TokenizerLike {
  readonly bosTokenId: number | undefined;
  readonly eosTokenId: number;
  readonly padTokenId: number;
  private readonly specials: [string, number][];
  private readonly firstChars: string[];
  private readonly encoder = new TextEncoder();
  private bytes = new Uint8Array(1 << 16);
  private ids = new Int32Array(1 << 14);

  constructor(opts: { specialTokens?: readonly string[]; bos?: boolean } = {}) {
    this.eosTokenId = 256;
    this.padTokenId = 257;
    this.bosTokenId = opts.bos ? 258 : undefined;
    this.specials = (opts.specialTokens ?? ['<|im_start|>', '<|im_end|>']).map((s, i) => [s, 259 + i]);
    this.firstChars = [...new Set(this.specials.map(([s]) => s[0]!))];
  }

  encode(text: string, opts: { addSpecialTokens?: boolean } = {}): number[] {
    const bos = opts.addSpecialTokens && this.bosTokenId !== undefined ? 1 : 0;
    const marks = this.encodeBytes(text);
    const total = this.written + marks.length / 2;
    // a pre-sized array filled in one pass (the fastest way to build number[])
    const out = new Array<number>(total + bos);
    if (bos) out[0] = this.bosTokenId!;
    let b = 0;
    let m = 0;
    for (let o = 0; o < total; o++) out[o + bos] = m < marks.length && marks[m] === o ? (m += 2, marks[m - 1]!) : this.bytes[b++]!;
    return out;
  }

  /**
   * Same ids as encode(), straight into an Int32Array: no number[] for the caller to copy. The
   * array is a view of a buffer the next call reuses (see TokenizerLike.encodeIds).
   */
  encodeIds(text: string, opts: { addSpecialTokens?: boolean } = {}): Int32Array {
    const bos = opts.addSpecialTokens && this.bosTokenId !== undefined ? 1 : 0;
    const marks = this.encodeBytes(text);
    const n = this.written + marks.length / 2 + bos;
    if (this.ids.length < n) this.ids = new Int32Array(Math.max(n, 2 * this.ids.length));
    const out = this.ids.subarray(0, n);
    if (bos) out[0] = this.bosTokenId!;
    // byte runs between specials are copied natively (Uint8 → Int32 widening in set())
    let b = 0;
    let o = bos;
    for (let m = 0; m < marks.length; m += 2) {
      const at = marks[m]! + bos;
      out.set(this.bytes.subarray(b, b + at - o), o);
      b += at - o;
      out[at] = marks[m + 1]!;
      o = at + 1;
    }
    out.set(this.bytes.subarray(b, this.written), o);
    return out;
  }

  /**
   * Token offsets of char positions in encode(text) (no BOS), counted instead of re-encoding:
   * UTF-8 bytes of plain text plus one per special. Undefined when a cut falls inside a special
   * or a surrogate pair, where encoding the pieces would not reproduce the whole.
   */
  tokenOffsets(text: string, cuts: readonly number[]): number[] | undefined {
    const out: number[] = [];
    let pos = 0;
    let tokens = 0;
    let k = 0;
    while (k < cuts.length) {
      const [at, hit] = this.nextSpecial(text, pos);
      for (; k < cuts.length && cuts[k]! <= at; k++) {
        const c = cuts[k]!;
        if (c < pos || splitsPair(text, c)) return undefined;
        tokens += this.utf8Length(text, pos, c);
        pos = c;
        out.push(tokens);
      }
      if (!hit) return k < cuts.length ? undefined : out;
      const end = at + hit[0].length;
      if (k < cuts.length && cuts[k]! < end) return undefined;
      tokens += this.utf8Length(text, pos, at) + 1;
      pos = end;
    }
    return out;
  }

  private written = 0;

  /**
   * UTF-8 bytes of text[from, to) as encodeBytes writes them (lone surrogates become U+FFFD, 3
   * bytes): counted by the native encoder into this.bytes, 2.5× faster than a charCodeAt loop.
   */
  private utf8Length(text: string, from: number, to: number): number {
    return this.encoder.encodeInto(text.slice(from, to), this.bytesFor(to - from)).written;
  }

  /** this.bytes, grown to hold the UTF-8 of `chars` UTF-16 units (at most 3 bytes each). */
  private bytesFor(chars: number): Uint8Array {
    if (this.bytes.length < chars * 3) this.bytes = new Uint8Array(chars * 3);
    return this.bytes;
  }

  /** UTF-8 of the text without specials into this.bytes (length this.written); returns [output position, id] pairs of the specials. */
  private encodeBytes(text: string): number[] {
    const bytes = this.bytesFor(text.length);
    const marks: number[] = [];
    if (!this.firstChars.some((c) => text.includes(c))) {
      this.written = this.encoder.encodeInto(text, bytes).written;
      return marks;
    }
    let n = 0;
    let pos = 0;
    while (pos < text.length) {
      const [at, hit] = this.nextSpecial(text, pos);
      if (at > pos) n += this.encoder.encodeInto(text.slice(pos, at), bytes.subarray(n)).written;
      if (!hit) break;
      marks.push(n + marks.length / 2, hit[1]);
      pos = at + hit[0].length;
    }
    this.written = n;
    return marks;
  }

  /** The first special at or after pos (the earliest; ties go to the first listed). */
  private nextSpecial(text: string, pos: number): [number, [string, number] | undefined] {
    let at = text.length;
    let hit: [string, number] | undefined;
    for (const sp of this.specials) {
      const i = text.indexOf(sp[0], pos);
      if (i >= 0 && i < at) {
        at = i;
        hit = sp;
      }
    }
    return [at, hit];
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
